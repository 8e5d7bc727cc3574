// What mock.mjs and mock.cjs check, once: each loads the package its own way (import or require) and hands the
// loaded functions here, so the two module formats are judged by the same steps.
async function checkMock(format, { setupServer, createSamplePlatformClient, createMockHandlers, generateSamples, startMockServer }) {
  const out = { format };
  const server = setupServer(...createMockHandlers({ baseUrl: "https://sp.test/api/v1", count: 30, seed: 3 }));
  server.listen({ onUnhandledRequest: "error" });
  const sp = createSamplePlatformClient({ baseUrl: "https://sp.test/api/v1", token: "t", validateResponses: true });
  out.ids = [];
  for await (const sample of sp.iterateSamples({ limit: 7 })) out.ids.push(sample.sample_id);
  out.sameData = JSON.stringify(await sp.getSample(30)) === JSON.stringify(generateSamples(30, 3)[29]);
  out.missing = await sp.getSample(31).catch((error) => ({ code: error.code, status: error.status }));
  server.close();
  const http = await startMockServer({ port: 0, count: 3 });
  out.overHttp = (await createSamplePlatformClient({ baseUrl: http.baseUrl, token: "t" }).listSamples()).pagination;
  await http.close();
  return out;
}

module.exports = { checkMock };
