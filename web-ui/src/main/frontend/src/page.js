// The parts of a modeler page that do not depend on the notation: messages, findings, saved versions, deployments.
import { call, Problem } from './api.js';

const root = document.getElementById('modeler-page');
export const modelName = root.dataset.model;
export const apiBase = root.dataset.api;

const message = document.getElementById('message');
const findingsList = document.getElementById('findings');

function text(value) {
  return value === null || value === undefined ? '' : String(value);
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

export function say(kind, line) {
  message.className = `notice ${kind}`;
  message.textContent = line;
}

/** Shows findings in the list; returns them so the notation can mark its elements. */
export function showFindings(findings) {
  findingsList.replaceChildren();
  for (const finding of findings || []) {
    const item = document.createElement('li');
    item.className = `finding ${text(finding.severity).toLowerCase()}`;
    item.dataset.elementId = text(finding.elementId);
    const where = document.createElement('code');
    where.textContent = finding.elementId || 'model';
    item.append(where, ` ${text(finding.severity)}: ${text(finding.message)}`);
    findingsList.append(item);
  }
  return findings || [];
}

/** Reports a failed call: the problem's detail as the message, its findings in the list. */
export function report(error, action) {
  if (error instanceof Problem) {
    say('error', `${action} refused (${error.status}): ${error.message}`);
    return showFindings(error.body.findings || []);
  }
  say('error', `${action} failed: ${error.message}`);
  return showFindings([]);
}

function fillTable(id, rows, columns) {
  const body = document.querySelector(`#${id} tbody`);
  body.replaceChildren();
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const column of columns) {
      const td = document.createElement('td');
      td.textContent = text(column(row));
      tr.append(td);
    }
    body.append(tr);
  }
}

export async function refreshHistory() {
  const [versions, deployments] = await Promise.all([
    call('GET', `${apiBase}/versions`),
    call('GET', `${apiBase}/deployments`)
  ]);
  fillTable('versions', versions, [v => v.version, v => v.savedBy, v => when(v.savedAt), v => v.comment]);
  fillTable('deployments', deployments, [
    d => d.engineVersion, d => d.resourceId, d => d.modelVersion ?? 'classpath', d => d.deployedBy, d => when(d.deployedAt)
  ]);
}

/**
 * Wires the toolbar to a notation: exportXml() gives the current XML, importXml(xml) shows a model,
 * mark(findings) puts findings on the diagram.
 */
export async function start({ exportXml, importXml, mark, isDirty, markClean }) {
  const buttons = document.querySelectorAll('#toolbar button');
  const busy = on => buttons.forEach(b => (b.disabled = on));

  async function save() {
    const xml = await exportXml();
    const comment = document.getElementById('comment').value;
    const saved = await call('PUT', `${apiBase}?comment=${encodeURIComponent(comment)}`, { xml });
    markClean();
    document.getElementById('version').textContent = `version ${saved.version}`;
    return saved;
  }

  async function run(action, work) {
    busy(true);
    try {
      await work();
    } catch (error) {
      mark(report(error, action));
    } finally {
      busy(false);
    }
  }

  document.getElementById('save').addEventListener('click', () => run('Save', async () => {
    const saved = await save();
    showFindings(saved.findings);
    mark(saved.findings || []);
    say('ok', `Saved version ${saved.version} of ${modelName}.`);
    await refreshHistory();
  }));

  document.getElementById('check').addEventListener('click', () => run('Check', async () => {
    const result = await call('POST', `${apiBase}/check`, { xml: await exportXml() });
    mark(showFindings(result.findings));
    say(result.valid ? 'ok' : 'error', result.valid
      ? `No errors in ${modelName}${result.findings.length ? ` (${result.findings.length} warnings)` : ''}.`
      : `${result.findings.filter(f => f.severity === 'ERROR').length} errors in ${modelName}: fix them before deploying.`);
  }));

  document.getElementById('deploy').addEventListener('click', () => run('Deploy', async () => {
    if (isDirty()) {
      await save();
    }
    const deployed = await call('POST', `${apiBase}/deployments`, { json: {} });
    mark(showFindings([]));
    say('ok', `Deployed ${deployed.resourceId} as engine version ${deployed.engineVersion}.`);
    await refreshHistory();
  }));

  document.getElementById('upload').addEventListener('change', event => run('Upload', async () => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) {
      return;
    }
    const xml = await file.text();
    const saved = await call('PUT', `${apiBase}?comment=${encodeURIComponent('uploaded ' + file.name)}`, { xml });
    await importXml(xml);
    markClean();
    document.getElementById('version').textContent = `version ${saved.version}`;
    showFindings(saved.findings);
    say('ok', `Uploaded ${file.name} as version ${saved.version}.`);
    await refreshHistory();
  }));

  await run('Open', async () => {
    const model = await call('GET', apiBase);
    await importXml(model.xml);
    markClean();
    document.getElementById('version').textContent = model.version ? `version ${model.version}` : 'from the classpath';
    await refreshHistory();
    say('ok', `Opened ${modelName}.`);
  });
  root.dataset.ready = 'true';
}
