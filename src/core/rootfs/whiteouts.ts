// The OCI whiteout names: rootfs is the one module that knows them.
// https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md#whiteouts

/** A `.wh.NAME` entry deletes NAME from the layers below. */
export const WHITEOUT = '.wh.';
/** A `.wh..wh..opq` entry empties its directory of what the layers below put there. */
export const OPAQUE = '.wh..wh..opq';
