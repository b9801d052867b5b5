import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { procurementApi, type PublicNotice } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Empty, ErrorBox, Loading } from '../components.tsx';
import { date } from '../format.ts';
import { useAsync } from '../hooks.ts';

function StandstillCalculator() {
  const [day, setDay] = useState('');
  const result = useAsync(() => (day ? procurementApi.standstill(day) : Promise.resolve(null)), [day]);
  return (
    <section className="panel" aria-labelledby="calc-h" data-testid="standstill-calculator">
      <h2 id="calc-h">When does a standstill end?</h2>
      <div className="field inline"><label htmlFor="calc-date">Notice of intention published on</label><input id="calc-date" type="date" value={day} onChange={(e) => setDay(e.target.value)} data-testid="calc-date" /></div>
      {result.error ? <ErrorBox error={result.error} /> : null}
      {result.data ? (
        <p data-testid="calc-result">
          Standstill begins {date(result.data.beginsOn)}; representations until midnight at the end of <strong>{date(result.data.representationsDeadline)}</strong> (the {result.data.workingDays}th working day after; weekends, Christmas Day, Good Friday and bank holidays in England are not working days).
        </p>
      ) : null}
    </section>
  );
}

/** The public notices page: no sign-in. Every published notice, each item in its Schedule's order. */
export function PublicNoticesPage() {
  const { user } = useAuth();
  const location = useLocation();
  const notices = useAsync(() => procurementApi.publicNotices(), []);
  useEffect(() => {
    if (!notices.data || !location.hash) return;
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [notices.data, location.hash]);
  return (
    <div data-testid="page-public-notices">
      <h1>Procurement notices</h1>
      <p className="lede">
        Notices published under the Provider Selection Regime (SI 2023/1348), newest first. Also as OCDS 1.1.5: <a href="/api/public/ocds/releases">the release feed</a>.
        {user ? null : <> You do not need to sign in to read them. <Link to="/sign-in">Sign in</Link></>}
      </p>
      <StandstillCalculator />
      {notices.error ? <ErrorBox error={notices.error} /> : null}
      {notices.loading && !notices.data ? <Loading what="the notices" /> : null}
      {notices.data && notices.data.length === 0 ? <Empty>No notices have been published.</Empty> : null}
      {notices.data?.map((n: PublicNotice) => (
        <article key={n.noticeId} id={n.noticeId} className="panel" data-testid={`public-notice-${n.noticeId}`}>
          <div className="panel-head">
            <h2>{n.label}{n.schedule ? ` (${n.schedule})` : ''}</h2>
            <span className="muted nowrap">Published {date(n.publishedOn)}</span>
          </div>
          <p><strong>{n.procurementTitle}</strong> <span className="code">{n.procurementReference} · {n.ocid}</span></p>
          {n.representationsBy ? (
            <p className="success" data-testid="representations-by">Representations may be made until midnight at the end of <strong>{date(n.representationsBy)}</strong> (reg 12(3)).</p>
          ) : null}
          <dl className="summary-list">
            {n.items.map((i) => (
              <div key={i.paragraph} className="summary-row"><dt>{i.paragraph}: {i.label}</dt><dd style={{ whiteSpace: 'pre-line' }}>{i.text || '—'}</dd></div>
            ))}
          </dl>
        </article>
      ))}
    </div>
  );
}
