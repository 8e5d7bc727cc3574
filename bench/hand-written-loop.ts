// What consumers wrote before the client: follow next_offset with plain fetch. The baseline for iterateSamples.
export async function handWrittenLoop(baseUrl: string, limit: number): Promise<number> {
  let count = 0;
  let offset: number | null | undefined = 0;
  while (offset !== null && offset !== undefined) {
    const res = await fetch(`${baseUrl}/samples?limit=${limit}&offset=${offset}`, { headers: { authorization: "Bearer bench-token" } });
    if (!res.ok) throw new Error(`status ${res.status}`);
    const page = (await res.json()) as { data: unknown[]; pagination: { next_offset?: number | null } };
    count += page.data.length;
    offset = page.pagination.next_offset;
  }
  return count;
}
