import { ingestScenario } from '../lib/ingest.mjs';

// Design 8: recordings downloaded, verified, *encrypted* and stored per second. The API gets a
// keyring drawn for the run; the anchor (curl + sha256sum) has nothing to encrypt.
export default ingestScenario({
  name: 'recording-ingest',
  encrypted: true,
  prepare: async () => ({
    where: 'on local disk',
    local: true,
    anchorName: 'curl + sha256sum',
    apiEnv: {},
    notes: 'The product also fsyncs each file and its directory, computes peaks and writes rows.',
    details: { storage: 'local' },
  }),
});
