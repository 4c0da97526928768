/**
 * The bundle `generate` writes for a spec: Prometheus rules, Alertmanager
 * routing and Grafana dashboards, as files or as Kubernetes objects.
 */
export { type Artefact, artefacts, type OutputFormat } from './artefacts.ts';
export { BundleWriteError, type WrittenArtefact, writeArtefacts } from './write-artefacts.ts';
