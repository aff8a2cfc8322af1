// Jest global set-up: the start-up tests run the built service, so build it once per run.
import { execSync } from 'node:child_process';

export default function buildOnce() {
  execSync('npm run build --silent', { stdio: 'inherit' });
}
