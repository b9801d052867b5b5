import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, procurementApi, type OcdsImportResult } from '../api.ts';
import { useUser } from '../auth.tsx';
import { Empty, ErrorBox, Loading } from '../components.tsx';
import { dateTime } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';

function Report({ r }: { r: OcdsImportResult }) {
  return (
    <section className="panel" data-testid="import-report">
      <h2>{r.fileName}: {r.counts.imported} imported, {r.counts.updated} updated, {r.counts.unchanged} unchanged, {r.counts.rejected} rejected</h2>
      <p className="hint">SHA-256 <code>{r.fileSha256}</code>. The valid releases were stored together; re-importing the same file changes nothing.</p>
      <table className="table">
        <thead><tr><th scope="col" className="num">#</th><th scope="col">Release</th><th scope="col">Outcome</th><th scope="col">Buyer</th><th scope="col">Matched in the registry</th><th scope="col">Reason</th></tr></thead>
        <tbody>{r.report.map((x) => (
          <tr key={x.index} data-testid={`report-${x.outcome}`}>
            <td className="num">{x.index}</td><td className="code">{x.releaseId ?? '—'}</td><td>{x.outcome}</td><td>{x.buyer?.name ?? '—'}</td>
            <td>{x.buyer?.organisationCode ? <Link to={`/organisations/${x.buyer.organisationCode}`}>{x.buyer.organisationCode}</Link> : '—'}{x.buyer?.matchedBy ? ` (by ${x.buyer.matchedBy})` : ''}</td>
            <td className={x.outcome === 'rejected' ? 'field-error' : undefined}>{x.reason ?? ''}</td>
          </tr>
        ))}</tbody>
      </table>
    </section>
  );
}

/** Import a Contracts Finder / Find a Tender release package (administrators), and the imports so far. */
export function OcdsImportPage() {
  const user = useUser();
  const imports = useAsync(() => procurementApi.imports(), []);
  const [result, setResult] = useState<OcdsImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      let pkg: unknown;
      try {
        pkg = JSON.parse(await file.text());
      } catch (e) {
        throw new ApiError(400, 'invalid', `file: ${file.name} is not JSON (${(e as Error).message})`, [{ path: 'file', message: 'is not JSON' }]);
      }
      setResult(await procurementApi.importOcds(file.name, pkg));
      imports.reload();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="page-ocds-import">
      <p className="breadcrumb"><Link to="/procurements">Procurement</Link></p>
      <h1>Import real notices (OCDS)</h1>
      <p className="lede">Contracts Finder and Find a Tender publish release packages; each release is checked against the official OCDS 1.1.5 schema and reported. Also from the command line: <code>npx concordat import ocds &lt;file&gt;</code>.</p>
      {user.role === 'admin' ? (
        <section className="panel">
          <div className="field"><label htmlFor="ocds-file">Release package (JSON, at most 1 MB here)</label><input id="ocds-file" type="file" accept="application/json,.json" disabled={busy} onChange={(e) => void upload(e.target.files?.[0])} data-testid="ocds-file" /></div>
          {busy ? <Loading what="the import" /> : null}
        </section>
      ) : <p className="hint">Only an administrator imports notices.</p>}
      {error ? <ErrorBox error={error} title="Nothing was imported" testId="import-error" /> : null}
      {result ? <Report r={result} /> : null}
      <section className="panel">
        <h2>Imports so far</h2>
        {imports.error ? <ErrorBox error={imports.error} /> : null}
        {imports.data && imports.data.length === 0 ? <Empty>No imports yet.</Empty> : null}
        {imports.data && imports.data.length > 0 ? (
          <table className="table" data-testid="imports-table">
            <thead><tr><th scope="col">When</th><th scope="col">File</th><th scope="col">By</th><th scope="col" className="num">Imported</th><th scope="col" className="num">Updated</th><th scope="col" className="num">Unchanged</th><th scope="col" className="num">Rejected</th></tr></thead>
            <tbody>{imports.data.map((i) => (
              <tr key={i.id}><td className="nowrap">{dateTime(i.importedAt)}</td><td>{i.fileName}</td><td>{i.importedBy} ({i.importedByOrganisation})</td>
                <td className="num">{i.counts.imported}</td><td className="num">{i.counts.updated}</td><td className="num">{i.counts.unchanged}</td><td className="num">{i.counts.rejected}</td></tr>
            ))}</tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
