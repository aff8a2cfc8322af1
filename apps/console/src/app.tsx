import { useState } from 'react';
import { hrefOf, useRoute, type Route } from './routes.js';
import { mayVerifyIntegrity, signOut, storedSession, storeToken, sessionOf, type Session } from './session/token-session.js';
import { BranchPage } from './views/branch-page.js';
import { Integrity } from './views/integrity.js';
import { ROLE_LABELS } from '../../../libs/inspection/src/record-labels.js';
import { Ledger } from './views/ledger.js';
import { Overview } from './views/overview.js';
import { ScopeBar, scopeOf } from './views/scope-bar.js';

export function App() {
  const [session, setSession] = useState<Session | undefined>(() => storedSession());
  if (!session) return <SignIn onSignedIn={setSession} />;
  return (
    <SignedIn
      session={session}
      onSignOut={() => {
        signOut();
        setSession(undefined);
      }}
    />
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState('');
  return (
    <main className="sign-in">
      <h1>党支部标准化建设 · 查阅台</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const session = sessionOf(token);
          if (!session) {
            setProblem('这不是本系统签发的令牌');
            return;
          }
          storeToken(session.token);
          onSignedIn(session);
        }}
      >
        <label>
          访问令牌（JWT）
          <textarea value={token} rows={4} data-testid="token-input" onChange={(event) => setToken(event.target.value)} />
        </label>
        {problem && <p className="failure">{problem}</p>}
        <button type="submit" data-testid="sign-in">
          登录
        </button>
      </form>
    </main>
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const [universityId, setUniversityId] = useState<string | undefined>(undefined);
  const [year, setYear] = useState(() => new Date().getFullYear());
  const scope = scopeOf(session, universityId, year);
  const links: { route: Route; label: string }[] = [
    { route: { view: 'overview' }, label: '年度概览' },
    { route: { view: 'ledger' }, label: '整顿台账' },
    ...(mayVerifyIntegrity(session) ? [{ route: { view: 'integrity' } as Route, label: '完整性校验' }] : []),
  ];
  return (
    <div className="console">
      <header>
        <h1>党支部标准化建设 · 查阅台</h1>
        <nav>
          {links.map((link) => (
            <a key={link.route.view} href={hrefOf(link.route)} className={link.route.view === route.view ? 'current' : undefined} data-testid={`nav-${link.route.view}`}>
              {link.label}
            </a>
          ))}
        </nav>
        <span className="who" data-testid="who">
          {ROLE_LABELS[session.role] ?? session.role} · {session.subject}
        </span>
        <button type="button" onClick={onSignOut}>
          退出
        </button>
      </header>
      {route.view !== 'branch' && <ScopeBar session={session} universityId={universityId} year={year} onUniversity={setUniversityId} onYear={setYear} />}
      <main>
        {route.view === 'overview' && <Overview session={session} scope={scope} />}
        {route.view === 'ledger' && <Ledger session={session} scope={scope} />}
        {route.view === 'integrity' && mayVerifyIntegrity(session) && <Integrity session={session} scope={scope} />}
        {route.view === 'integrity' && !mayVerifyIntegrity(session) && <p className="note">本角色不做完整性校验。</p>}
        {route.view === 'branch' && <BranchPage session={session} branchId={route.branchId} />}
      </main>
    </div>
  );
}
