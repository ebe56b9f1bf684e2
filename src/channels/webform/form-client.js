// The public form page's behaviour (served as /forms/assets/form.js, no build step): runs the
// ALTCHA proof of work in our own worker script, sends the form as JSON, and shows the server's
// answer in the page's language. Works the same standalone and inside an iframe on another site.
const form = document.getElementById('duly-form');
const widget = form.querySelector('altcha-widget');
const status = document.getElementById('form-status');
const thanks = document.getElementById('form-thanks');
const button = form.querySelector('button[type="submit"]');

// The widget's external build brings no workers; this one is served by us (CSP: worker-src 'self').
globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', () => new Worker(form.dataset.worker));

/** Resolves true once the widget holds a solution: waits for a running check, starts one otherwise. */
function solved() {
  const state = widget.getState();
  if (state === 'verified') return Promise.resolve(true);
  if (state !== 'verifying') return widget.verify().then((result) => Boolean(result));
  return new Promise((resolve) => {
    const onChange = (event) => {
      const next = event.detail?.state;
      if (next === 'verifying') return;
      widget.removeEventListener('statechange', onChange);
      resolve(next === 'verified');
    };
    widget.addEventListener('statechange', onChange);
  });
}

/** The solution the widget put in its hidden field; on a busy device it may land a moment after the state says verified. */
async function solutionReady() {
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (new FormData(form).get('altcha')) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function clearErrors() {
  for (const field of form.querySelectorAll('[aria-invalid="true"]')) field.removeAttribute('aria-invalid');
  for (const note of form.querySelectorAll('.field-error')) {
    note.textContent = '';
    note.hidden = true;
  }
}

function showError(error) {
  const input = error.param ? form.elements.namedItem(error.param) : null;
  const note = error.param ? document.getElementById(`error-${error.param}`) : null;
  if (input && note && typeof input.focus === 'function') {
    note.textContent = error.message;
    note.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    status.textContent = '';
    return;
  }
  status.textContent = error.message;
  // A refused solution cannot be sent again: start a fresh check.
  if (error.code?.startsWith('form_captcha')) widget.reset();
}

// The widget swallows a submit made while its check is still running; our own click handler,
// registered first in the capture phase, sends anyway and waits for the check (solved()).
document.addEventListener(
  'click',
  (event) => {
    if (!(event.target instanceof Element) || event.target.closest('button[type="submit"]') !== button) return;
    event.preventDefault();
    event.stopPropagation();
    if (!button.disabled && form.reportValidity()) void send();
  },
  true,
);
// Enter in a field submits with the button as submitter. A submit without one is the widget
// re-submitting on its own once its check ended; our click handler is already sending that one.
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (event.submitter) void send();
});

async function send() {
  clearErrors();
  button.disabled = true;
  status.textContent = form.dataset.sending;
  try {
    if (!(await solved()) || !(await solutionReady())) {
      status.textContent = form.dataset.failed;
      return;
    }
    const body = Object.fromEntries(new FormData(form));
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) return showError(answer.error);
    form.hidden = true;
    thanks.hidden = false;
    thanks.focus();
    status.textContent = '';
  } catch {
    status.textContent = form.dataset.failed;
  } finally {
    button.disabled = false;
  }
}

// Inside an iframe, tell the embedding page our height so it can size the frame (embed.js listens).
if (window.parent !== window) {
  // The body's own height: the document's scroll height never drops below the frame's, so it could only grow.
  const report = () => {
    const style = getComputedStyle(document.body);
    const height = document.body.getBoundingClientRect().height + Number.parseFloat(style.marginTop) + Number.parseFloat(style.marginBottom);
    window.parent.postMessage({ type: 'duly-form-height', height }, '*');
  };
  new ResizeObserver(report).observe(document.body);
  report();
}
