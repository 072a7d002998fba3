import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import './modeler.css';

import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule
} from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';

import { start } from './page.js';

const modeler = new BpmnModeler({
  container: '#canvas',
  propertiesPanel: { parent: '#properties' },
  additionalModules: [
    BpmnPropertiesPanelModule,
    BpmnPropertiesProviderModule,
    ZeebePropertiesProviderModule,
    ZeebeBehaviorsModule
  ],
  moddleExtensions: { zeebe: zeebeModdle }
});
// for browser tests and the curious: the modeling API of the open diagram
window.bpmnModeler = modeler;

let dirty = false;
modeler.on('commandStack.changed', () => {
  dirty = true;
  document.getElementById('dirty').hidden = false;
});

let marked = [];
function mark(findings) {
  const canvas = modeler.get('canvas');
  const overlays = modeler.get('overlays');
  const registry = modeler.get('elementRegistry');
  marked.forEach(id => registry.get(id) && canvas.removeMarker(id, 'has-finding'));
  overlays.remove({ type: 'finding' });
  marked = [];
  for (const finding of findings) {
    if (!finding.elementId || !registry.get(finding.elementId)) {
      continue;
    }
    canvas.addMarker(finding.elementId, 'has-finding');
    const badge = document.createElement('div');
    badge.className = `finding-badge ${String(finding.severity).toLowerCase()}`;
    badge.title = finding.message;
    badge.textContent = '!';
    overlays.add(finding.elementId, 'finding', { position: { top: -12, right: 12 }, html: badge });
    marked.push(finding.elementId);
  }
}

start({
  exportXml: async () => (await modeler.saveXML({ format: true })).xml,
  importXml: async xml => {
    await modeler.importXML(xml);
    modeler.get('canvas').zoom('fit-viewport');
  },
  mark,
  isDirty: () => dirty,
  markClean: () => {
    dirty = false;
    document.getElementById('dirty').hidden = true;
  }
});
