;; A wasi:http handler written in the WebAssembly text format. Every request gets a 200 with a
;; text/plain body. Imports and exports use the component model's standard names for core
;; modules (`wasm-tools component embed --dummy` shows the whole set); `component embed` adds
;; the world from wit/, `component new` makes the component.
(module
  (import "cm32p2|wasi:http/types@0.2" "[constructor]fields" (func $fields (result i32)))
  (import "cm32p2|wasi:http/types@0.2" "[method]fields.append"
    (func $append (param i32 i32 i32 i32 i32 i32)))
  (import "cm32p2|wasi:http/types@0.2" "[constructor]outgoing-response"
    (func $response (param i32) (result i32)))
  (import "cm32p2|wasi:http/types@0.2" "[method]outgoing-response.set-status-code"
    (func $set_status (param i32 i32) (result i32)))
  (import "cm32p2|wasi:http/types@0.2" "[method]outgoing-response.body" (func $body (param i32 i32)))
  (import "cm32p2|wasi:http/types@0.2" "[method]outgoing-body.write" (func $write (param i32 i32)))
  (import "cm32p2|wasi:http/types@0.2" "[static]outgoing-body.finish"
    (func $finish (param i32 i32 i32 i32)))
  (import "cm32p2|wasi:http/types@0.2" "[static]response-outparam.set"
    (func $send (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
  (import "cm32p2|wasi:http/types@0.2" "incoming-request_drop" (func $drop_request (param i32)))
  (import "cm32p2|wasi:io/streams@0.2" "[method]output-stream.blocking-write-and-flush"
    (func $write_all (param i32 i32 i32 i32)))
  (import "cm32p2|wasi:io/streams@0.2" "output-stream_drop" (func $drop_stream (param i32)))

  (memory (export "cm32p2_memory") 1)
  (data (i32.const 16) "content-type")
  (data (i32.const 32) "text/plain; charset=utf-8")
  (data (i32.const 64) "Hello from a WebAssembly HTTP handler!\n")
  ;; Results come back through a return area at 1024: a tag, then a handle at 1028.
  (global $ret i32 (i32.const 1024))

  ;; Where the host puts what it hands over in memory: a bump allocator (each request gets a
  ;; fresh instance, so nothing needs freeing).
  (global $heap (mut i32) (i32.const 2048))
  (func (export "cm32p2_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
    (result i32)
    (local $at i32)
    (local.set $at
      (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $at) (local.get $size)))
    (local.get $at))

  (func (export "cm32p2|wasi:http/incoming-handler@0.2|handle") (param $request i32) (param $out i32)
    (local $headers i32) (local $response i32) (local $body i32) (local $stream i32)
    (call $drop_request (local.get $request))
    (local.set $headers (call $fields))
    (call $append (local.get $headers) (i32.const 16) (i32.const 12) (i32.const 32) (i32.const 25) (global.get $ret))
    (local.set $response (call $response (local.get $headers)))
    (drop (call $set_status (local.get $response) (i32.const 200)))
    (call $body (local.get $response) (global.get $ret))
    (local.set $body (i32.load offset=4 (global.get $ret)))
    ;; result<outgoing-response, error-code>: ok (tag 0) and the response's handle.
    (call $send (local.get $out) (i32.const 0) (local.get $response)
      (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
    (call $write (local.get $body) (global.get $ret))
    (local.set $stream (i32.load offset=4 (global.get $ret)))
    (call $write_all (local.get $stream) (i32.const 64) (i32.const 39) (global.get $ret))
    (call $drop_stream (local.get $stream))
    ;; No trailers (option none).
    (call $finish (local.get $body) (i32.const 0) (i32.const 0) (global.get $ret))))
