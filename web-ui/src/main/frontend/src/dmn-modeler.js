import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import './modeler.css';

import DmnModeler from 'dmn-js/lib/Modeler';

import { start } from './page.js';

const modeler = new DmnModeler({ container: '#canvas' });
window.dmnModeler = modeler;
document.getElementById('properties').hidden = true;

let dirty = false;
modeler.on('views.changed', () => {
  const viewer = modeler.getActiveViewer();
  viewer?.on('elements.changed', () => {
    dirty = true;
    document.getElementById('dirty').hidden = false;
  });
});

// DMN findings name the decision; the DRD view marks it where it is drawn.
function mark(findings) {
  const viewer = modeler.getActiveViewer();
  if (!viewer || modeler.getActiveView()?.type !== 'drd') {
    return;
  }
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  registry.forEach(element => canvas.removeMarker(element.id, 'has-finding'));
  for (const finding of findings) {
    if (finding.elementId && registry.get(finding.elementId)) {
      canvas.addMarker(finding.elementId, 'has-finding');
    }
  }
}

start({
  exportXml: async () => (await modeler.saveXML({ format: true })).xml,
  importXml: async xml => {
    await modeler.importXML(xml);
  },
  mark,
  isDirty: () => dirty,
  markClean: () => {
    dirty = false;
    document.getElementById('dirty').hidden = true;
  }
});
