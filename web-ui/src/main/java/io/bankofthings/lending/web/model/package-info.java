/**
 * The analyst modeler: the BPMN and DMN models from the classpath and their edited versions in PostgreSQL, checked
 * before they are saved or deployed, deployed to the engine, every save and deploy audited.
 */
package io.bankofthings.lending.web.model;
