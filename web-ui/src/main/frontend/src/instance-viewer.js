// The operations console's diagram: the BPMN an instance runs on, with completed, active and failed elements marked.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './instance-viewer.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

const container = document.getElementById('diagram');

function ids(name) {
  return (container.dataset[name] || '').split(',').filter((id) => id.length > 0);
}

async function show() {
  const response = await fetch(container.dataset.xml, { headers: { Accept: 'application/xml' } });
  if (!response.ok) {
    container.textContent = `The diagram could not be loaded (${response.status}).`;
    container.dataset.ready = 'failed';
    return;
  }
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(await response.text());
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const mark = (id, marker) => {
    if (registry.get(id)) {
      canvas.addMarker(id, marker);
    }
  };
  ids('completed').forEach((id) => mark(id, 'completed'));
  ids('active').forEach((id) => mark(id, 'active'));
  ids('incidents').forEach((id) => mark(id, 'incident'));
  canvas.zoom('fit-viewport');
  container.dataset.ready = 'true';
  window.instanceViewer = viewer;
}

show().catch((error) => {
  container.textContent = `The diagram could not be drawn: ${error.message}`;
  container.dataset.ready = 'failed';
});
