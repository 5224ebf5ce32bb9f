/** The host names of this machine's loopback interface, as URL.hostname gives them. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `hostname` (URL.hostname, so IPv6 in brackets) names this machine: http is acceptable there. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname);
