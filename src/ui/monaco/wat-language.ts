// WebAssembly text format (.wat): Monaco has no grammar for it, so a small Monarch one.
// https://webassembly.github.io/spec/core/text/

import type * as Monaco from 'monaco-editor';

export function registerWat(monaco: typeof Monaco): void {
  monaco.languages.register({ id: 'wat', extensions: ['.wat', '.wast'], aliases: ['WebAssembly Text', 'wat'] });
  monaco.languages.setLanguageConfiguration('wat', {
    comments: { lineComment: ';;', blockComment: ['(;', ';)'] },
    brackets: [['(', ')']],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '"', close: '"' },
    ],
  });
  monaco.languages.setMonarchTokensProvider('wat', {
    keywords: [
      'module',
      'func',
      'param',
      'result',
      'local',
      'global',
      'type',
      'import',
      'export',
      'memory',
      'data',
      'table',
      'elem',
      'start',
      'mut',
      'block',
      'loop',
      'if',
      'then',
      'else',
      'end',
      'offset',
    ],
    tokenizer: {
      root: [
        [/;;.*$/, 'comment'],
        [/\(;/, 'comment', '@comment'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/\$[\w.$!#%&'*+\-/:<=>?@\\^`|~]+/, 'variable'],
        [/-?(0x[0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9]+)?)/, 'number'],
        [/(i32|i64|f32|f64|v128|funcref|externref)(\.[a-z0-9_=/]+)?/, 'type'],
        [/[a-z][a-z0-9_.]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
        [/[()]/, '@brackets'],
      ],
      comment: [
        [/;\)/, 'comment', '@pop'],
        [/./, 'comment'],
      ],
    },
  });
}
