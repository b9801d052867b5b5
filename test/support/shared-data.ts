/** The shared reference data (../shared/data beside the repository): one finder, used by every test. */
export { sharedDataDir } from '../../src/domain/ocds/schemas.testing.ts';
