/// <reference lib="webworker" />
/**
 * Where a worker runs its models: WebGPU when asked, or for 'auto' when the browser has a real GPU
 * adapter; WASM otherwise. A software (SwiftShader) adapter is about 200× slower than WASM, so only
 * a real GPU counts for 'auto' (README, Browser runtime facts).
 */
export type ComputeDevice = 'webgpu' | 'wasm';

export async function chooseDevice(wanted: 'auto' | ComputeDevice): Promise<ComputeDevice> {
  if (wanted !== 'auto') return wanted;
  interface AdapterInfo { info?: { isFallbackAdapter?: boolean } }
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'wasm';
  const adapter = (await gpu.requestAdapter().catch(() => null)) as AdapterInfo | null;
  return adapter && !adapter.info?.isFallbackAdapter ? 'webgpu' : 'wasm';
}
