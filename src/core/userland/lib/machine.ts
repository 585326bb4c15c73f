// The machine a program here runs on, as uname -m and arch name it: WASI's 32-bit Wasm.
export const MACHINE = 'wasm32';
