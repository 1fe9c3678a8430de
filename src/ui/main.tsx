import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './app.js';
import { takeToken } from './rpc.js';

const token = takeToken();
const root = document.getElementById('app')!;
root.textContent = ''; // the static "loading…" placeholder
if (token) render(<App token={token} />, root);
else
  render(
    <section class="card">
      <h1>llm-router</h1>
      <p>
        This page needs the daemon's control token. Open it with <code>router ui</code>, or append the fragment <code>#token=…</code> that{' '}
        <code>router ui --print</code> shows.
      </p>
    </section>,
    root,
  );
