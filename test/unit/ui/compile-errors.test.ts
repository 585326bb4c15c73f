import { describe, expect, it } from 'vitest';
import { firstSourceError } from '../../../src/ui/lib/compile-errors.ts';

const paths = ['Dockerfile', 'hello-world.c', 'src/util.h', 'app/main.py'];

describe('firstSourceError', () => {
  it('finds clang’s first error and maps the image path back to the project file', () => {
    const log = [
      '#7 [build 3/3] RUN $CC hello-world.c -o hello-world.wasm',
      '#7 0.412 hello-world.c:4:3: warning: unused variable',
      "#7 0.413 /src/hello-world.c:5:17: error: expected ';' after expression",
      '#7 0.414 1 error generated.',
    ];
    expect(firstSourceError(log, paths)).toEqual({
      file: 'hello-world.c',
      line: 5,
      col: 17,
      message: "/src/hello-world.c:5:17: error: expected ';' after expression",
    });
  });

  it('a header in a subdirectory, found by its path suffix', () => {
    expect(firstSourceError(['#3 0.1 /work/src/util.h:2:1: fatal error: x'], paths)).toMatchObject({
      file: 'src/util.h',
      line: 2,
    });
  });

  it('Python: the traceback line, with the exception as the message', () => {
    const log = [
      '#5 0.900 Traceback (most recent call last):',
      '#5 0.900   File "/app/main.py", line 3, in <module>',
      '#5 0.901 ZeroDivisionError: division by zero',
    ];
    expect(firstSourceError(log, paths)).toEqual({
      file: 'app/main.py',
      line: 3,
      message: 'ZeroDivisionError: division by zero',
    });
  });

  it('nothing that names a project file: undefined', () => {
    expect(firstSourceError(['#2 0.1 /usr/include/stdio.h:1:1: error: x', '#2 0.1 oops'], paths)).toBeUndefined();
  });
});
