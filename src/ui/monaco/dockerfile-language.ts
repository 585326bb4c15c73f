// The Dockerfile language for Monaco: Monarch highlighting, completion of instructions and
// their flags, hover docs. Diagnostics come from our own parser (see EditorPane).

import type * as Monaco from 'monaco-editor';
import { INSTRUCTIONS, INSTRUCTION_BY_NAME } from './dockerfile-docs.ts';

type M = typeof Monaco;

export function registerDockerfile(monaco: M): void {
  const id = 'dockerfile';
  monaco.languages.register({
    id,
    filenames: ['Dockerfile', 'Containerfile'],
    filenamePatterns: ['*.Dockerfile', 'Dockerfile.*'],
    aliases: ['Dockerfile'],
  });
  monaco.languages.setLanguageConfiguration(id, {
    comments: { lineComment: '#' },
    brackets: [
      ['[', ']'],
      ['{', '}'],
    ],
    autoClosingPairs: [
      { open: '[', close: ']' },
      { open: '{', close: '}' },
      { open: '"', close: '"' },
    ],
  });
  const names = INSTRUCTIONS.map((i) => i.name).join('|');
  monaco.languages.setMonarchTokensProvider(id, {
    ignoreCase: true,
    tokenizer: {
      root: [
        [/^\s*#\s*(syntax|escape|check)\s*=.*$/, 'metatag'],
        [/^\s*#.*$/, 'comment'],
        [new RegExp(`^(\\s*)(${names})\\b`, 'i'), ['white', 'keyword']],
        [/\bAS\b/i, 'keyword'],
        { include: '@args' },
      ],
      args: [
        [/--[a-z-]+(?==)/, 'attribute.name'],
        [/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/, 'variable'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/'[^']*'/, 'string'],
        [/[A-Za-z_][A-Za-z0-9_]*(?==)/, 'variable.name'],
        [/\\$/, 'delimiter'],
        [/[[\],]/, 'delimiter.bracket'],
      ],
    },
  });
  monaco.languages.registerCompletionItemProvider(id, {
    triggerCharacters: ['-'],
    provideCompletionItems(model, position) {
      const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const first = /^\s*([A-Za-z]+)\s/.exec(line);
      if (!first) {
        return {
          suggestions: INSTRUCTIONS.map((i) => ({
            label: i.name,
            kind: monaco.languages.CompletionItemKind.Keyword,
            insertText: `${i.name} `,
            detail: i.syntax,
            documentation: i.doc,
            range,
          })),
        };
      }
      const doc = INSTRUCTION_BY_NAME.get(first[1]!.toUpperCase());
      const dashes = /(--?[a-z-]*)$/.exec(line);
      if (!doc || !dashes) return { suggestions: [] };
      const start = position.column - dashes[1]!.length;
      return {
        suggestions: doc.flags.map((f) => ({
          label: f,
          kind: monaco.languages.CompletionItemKind.Property,
          insertText: f,
          detail: `${doc.name} ${f}`,
          range: new monaco.Range(position.lineNumber, start, position.lineNumber, position.column),
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider(id, {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      if (!word) return null;
      const line = model.getLineContent(position.lineNumber);
      const first = /^\s*([A-Za-z]+)/.exec(line);
      if (!first || word.word.toUpperCase() !== first[1]!.toUpperCase()) return null;
      const doc = INSTRUCTION_BY_NAME.get(word.word.toUpperCase());
      if (!doc) return null;
      return {
        range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
        contents: [
          { value: `**${doc.name}**` },
          { value: '```dockerfile\n' + doc.syntax + '\n```' },
          { value: doc.doc },
        ],
      };
    },
  });
}
