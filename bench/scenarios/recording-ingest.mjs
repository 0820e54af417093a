import { ingestScenario } from '../lib/ingest.mjs';

export default ingestScenario({
  name: 'recording-ingest',
  prepare: async () => ({
    where: 'on local disk',
    anchorName: 'curl + sha256sum',
    apiEnv: {},
    notes: 'The product also fsyncs each file and its directory, computes peaks and writes rows.',
    details: { storage: 'local' },
  }),
});
