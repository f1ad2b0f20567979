// Page and API read latency at scale; filled in once the pages exist.
export async function benchPages(_dir: string, _terminals: number): Promise<[string, string, string][]> {
  return [];
}
