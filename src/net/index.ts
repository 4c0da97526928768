/** Rules about hosts and addresses that several servers share (imports no other folder). */
export { hostAllowed, hostHeaderName, isLoopback } from './host-check.ts';
