/** Entry point of the browser bundle (built by src/ui/index.ts). */
import { App } from './app.ts';

const root = document.getElementById('app');
if (root) void new App(root).start();
