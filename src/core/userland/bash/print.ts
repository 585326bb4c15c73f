// A function's text as bash prints it back (declare -f, type): bash's own layout (print_cmd.c)
// of the parsed commands, four spaces a level, `;` ending each command of a list in a
// function body, `do` and `then` placed as bash places them.
import { KEYWORDS } from './keywords.ts';
import type { AndOr, Assign, Command, CondExpr, Pipeline, Redir, Script, Word } from '../sh/ast.ts';

class Printer {
  out = '';
  #indent = 0;
  #skip = 0;
  #inFunction = 0;

  #put(s: string): void {
    this.out += s;
  }

  #newline(s = ''): void {
    this.#put(`\n${' '.repeat(this.#indent)}${s}`);
  }

  #semicolon(): void {
    const last = this.out[this.out.length - 1];
    if (this.out.length > 0 && (last === '&' || last === '\n')) return;
    this.#put(';');
  }

  /** A list: its and-or lists joined as bash joins `;` and newlines (one a line in a function body). */
  list(script: Script): void {
    script.forEach((ao, i) => this.#andOr(ao, i === script.length - 1));
  }

  #andOr(ao: AndOr, last: boolean): void {
    this.#pipeline(ao.first);
    for (const { op, pipeline } of ao.rest) {
      this.#put(` ${op} `);
      this.#skip++;
      this.#pipeline(pipeline);
    }
    if (ao.background) {
      this.#put(' &');
      if (!last) {
        this.#put(' ');
        this.#skip++;
      }
      return;
    }
    if (!last) {
      this.#put(';');
      if (this.#inFunction) this.#put('\n');
      else {
        this.#put(' ');
        this.#skip++;
      }
    }
  }

  #pipeline(p: Pipeline): void {
    p.commands.forEach((c, i) => {
      if (i > 0) {
        this.#put(p.bothOut?.[i - 1] ? ' |& ' : ' | ');
        this.#skip++;
      }
      const time = i === 0 && p.time ? (p.time === 'posix' ? 'time -p ' : 'time ') : '';
      this.command(c, i === 0 && p.negate, time);
    });
  }

  command(c: Command, negate = false, time = ''): void {
    if (this.#skip > 0) this.#skip--;
    else this.#put(' '.repeat(this.#indent));
    this.#put(time);
    if (negate) this.#put('! ');
    switch (c.type) {
      case 'simple': {
        const words = [...c.assigns.map(assignText), ...c.words.map((w) => w.text)];
        this.#put(words.join(' '));
        if (c.redirs.length > 0) {
          if (words.length > 0) this.#put(' ');
          this.#redirects(c.redirs);
        }
        return;
      }
      case 'function':
        this.#put(`function ${c.name} () \n${' '.repeat(this.#indent)}{ \n`);
        this.#functionBody(c.body);
        return;
      case 'group':
        this.#put('{ ');
        if (this.#inFunction) {
          this.#put('\n');
          this.#indent += 4;
        } else this.#skip++;
        this.list(c.body);
        if (this.#inFunction) {
          this.#put('\n');
          this.#indent -= 4;
          this.#put(' '.repeat(this.#indent));
        } else {
          this.#semicolon();
          this.#put(' ');
        }
        this.#put('}');
        break;
      case 'subshell':
        this.#put('( ');
        this.#skip++;
        this.list(c.body);
        this.#put(' )');
        break;
      case 'if':
        c.clauses.forEach((clause, i) => {
          if (i > 0) {
            this.#semicolon();
            this.#newline('elif ');
          } else this.#put('if ');
          this.#skip++;
          this.list(clause.cond);
          this.#semicolon();
          this.#put(' then\n');
          this.#indent += 4;
          this.list(clause.body);
          this.#indent -= 4;
        });
        if (c.otherwise) {
          this.#semicolon();
          this.#newline('else\n');
          this.#indent += 4;
          this.list(c.otherwise);
          this.#indent -= 4;
        }
        this.#semicolon();
        this.#newline('fi');
        break;
      case 'while':
        this.#put(c.until ? 'until ' : 'while ');
        this.#skip++;
        this.list(c.cond);
        this.#semicolon();
        this.#put(' do\n');
        this.#indent += 4;
        this.list(c.body);
        this.#indent -= 4;
        this.#semicolon();
        this.#newline('done');
        break;
      case 'for':
        this.#put(`for ${c.name} in ${c.words ? c.words.map((w) => w.text).join(' ') : '"$@"'};`);
        this.#loopBody(c.body);
        break;
      case 'select':
        this.#put(`select ${c.name} in ${c.words ? c.words.map((w) => w.text).join(' ') : '"$@"'};`);
        this.#loopBody(c.body);
        break;
      case 'for-arith':
        this.#put(`for ((${c.init.text.trim()}; ${c.test.text.trim()}; ${c.step.text.trim()}))`);
        this.#loopBody(c.body);
        break;
      case 'case':
        this.#put(`case ${c.word.text} in `);
        this.#indent += 4;
        for (const item of c.items) {
          this.#newline(`${item.patterns.map((p) => p.text).join(' | ')})\n`);
          this.#indent += 4;
          this.list(item.body);
          this.#indent -= 4;
          this.#newline(item.next ?? ';;');
        }
        this.#indent -= 4;
        this.#newline('esac');
        break;
      case 'arith':
        this.#put(`((${c.expr.text}))`);
        break;
      case 'cond':
        this.#put(`[[ ${condText(c.expr)} ]]`);
        break;
    }
    if (c.redirs.length > 0) {
      this.#put(' ');
      this.#redirects(c.redirs);
    }
  }

  #loopBody(body: Script): void {
    this.#newline('do\n');
    this.#indent += 4;
    this.list(body);
    this.#semicolon();
    this.#indent -= 4;
    this.#newline('done');
  }

  /** The body of a function, inside "{ \n" … "}". */
  #functionBody(body: Command): void {
    this.#inFunction++;
    this.#indent += 4;
    const redirs = body.type === 'group' ? body.redirs : [];
    if (body.type === 'group') this.list(body.body);
    else this.command(body);
    this.#indent -= 4;
    this.#inFunction--;
    this.#newline(redirs.length > 0 ? '} ' : '}');
    if (redirs.length > 0) this.#redirects(redirs);
  }

  #redirects(redirs: Redir[]): void {
    this.#put(redirs.map(redirText).join(' '));
  }

  /** NAME () { … }, the whole of declare -f's and type's text for a function. */
  function(name: string, body: Command): string {
    this.#put(`${KEYWORDS.has(name) ? 'function ' : ''}${name} () \n{ \n`);
    this.#functionBody(body);
    return this.out;
  }
}

function assignText(a: Assign): string {
  return `${a.name}${a.index ? `[${a.index.text}]` : ''}${a.append ? '+' : ''}=${a.value.text}`;
}

function redirText(r: Redir): string {
  const target = r.target.text;
  switch (r.op) {
    case '<':
      return `${r.fd !== null && r.fd !== 0 ? r.fd : ''}< ${target}`;
    case '<<':
    case '<<-':
      return `${r.fd !== null && r.fd !== 0 ? r.fd : ''}${r.op}${target}\n${r.here?.body ?? ''}${target.replace(/['"\\]/g, '')}`;
    case '<<<':
      return `${r.fd !== null && r.fd !== 0 ? r.fd : ''}<<< ${target}`;
    case '&>':
    case '&>>':
      return `${r.op} ${target}`;
    case '<&':
    case '>&':
      if (/^[0-9]+$/.test(target)) return `${r.fd ?? (r.op === '<&' ? 0 : 1)}${r.op}${target}`;
      return `${r.fd !== null && r.fd !== (r.op === '<&' ? 0 : 1) ? r.fd : ''}${r.op}${target}`;
    default:
      return `${r.fd !== null && r.fd !== 1 ? r.fd : ''}${r.op} ${target}`;
  }
}

export function condText(e: CondExpr): string {
  switch (e.type) {
    case 'and':
      return `${condText(e.left)} && ${condText(e.right)}`;
    case 'or':
      return `${condText(e.left)} || ${condText(e.right)}`;
    case 'not':
      return `! ${condText(e.expr)}`;
    case 'unary':
      return `${e.op} ${e.arg.text}`;
    case 'binary':
      return `${e.left.text} ${e.op} ${e.right.text}`;
    case 'word':
      return (e.word as Word).text;
  }
}

/** declare -f's and type's text for the function NAME. */
/** A command on one line as bash prints it ($BASH_COMMAND). */
export function commandText(c: Command): string {
  const p = new Printer();
  p.command(c);
  return p.out;
}

export function functionText(name: string, body: Command): string {
  return new Printer().function(name, body);
}
