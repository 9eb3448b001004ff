import type { FindingEntry } from '../entry.js';

/** A deployment audit: compose files and Kubernetes manifests. */
export const DEPLOYMENT_FINDINGS = {
  CONTAINER_CONTROL_NOT_PUBLISHED: {
    severity: 'error',
    role: 'blocks',
    title: 'The service {service} does not publish {what} {port}',
    explanation:
      "No `ports:` entry of {service} in {file} publishes the container's port {port}, and it does not share the host's network: no client outside the host can reach the FTP server at all.",
    fix: 'Publish it under `ports:` of {service}: `- "{port}:{port}"`.',
  },
  K8S_CONTROL_NOT_EXPOSED: {
    severity: 'error',
    role: 'blocks',
    title: 'Nothing exposes {what} {port} of {service} outside the cluster',
    explanation:
      'No NodePort or LoadBalancer Service in {file} targets the container port {port} of {service}, and it has no hostPort and no hostNetwork: no client outside the cluster can reach the FTP server.',
    fix: 'Add the port to the `ports:` of a Service of type LoadBalancer (or NodePort) whose selector picks these pods, with `port: {port}` and `targetPort: {port}`.',
  },
  CONTAINER_PASSIVE_NOT_PUBLISHED: {
    severity: 'error',
    role: 'degrades',
    title: 'The service {service} does not publish {count} of its {size} passive ports ({ports})',
    explanation:
      'The server hands out passive ports {passiveRange} ({rangeSetting}), but {file} publishes only part of the range, or none of it: a listing on an unpublished port hangs until the client gives up, and since the server picks ports in turn, clients fail now and then.',
    fix: 'Publish the whole range, unchanged, under `ports:` of {service}: `- "{passiveRange}:{passiveRange}"`.',
  },
  K8S_PASSIVE_NOT_EXPOSED: {
    severity: 'error',
    role: 'degrades',
    title: '{count} of the {size} passive ports of {service} are not exposed ({ports})',
    explanation:
      'The server hands out passive ports {passiveRange} ({rangeSetting}), but no Service in {file} exposes those ports, each of them, outside the cluster (a Service cannot take a port range: kubernetes/kubernetes#23864). A listing on an unexposed port hangs.',
    fix: 'List every passive port in a LoadBalancer Service (port = targetPort), or in a NodePort Service with nodePort equal to the port (choose a range inside 30000-32767); or run the pods with hostNetwork. Keep the range small ({rangeSetting}) so the list stays short.',
  },
  CONTAINER_PASSIVE_PORT_CHANGED: {
    severity: 'error',
    role: 'degrades',
    title: 'Passive port {container} of {service} reaches the outside as {outsidePort}',
    explanation:
      'The 227 reply names the port the server listens on, {container}, but clients reach it only as {outsidePort} ({count} ports of {passiveRange} are mapped to other numbers): a client that connects to the port the server named hangs. Port mappings that change numbers break passive FTP.{nodePortRange}',
    fix: 'Map each passive port to the same number outside: in compose `- "{passiveRange}:{passiveRange}"`; in Kubernetes `nodePort` equal to `port` and `targetPort`.',
  },
  CONTAINER_EXTERNAL_ADDRESS_UNSET: {
    severity: 'error',
    role: 'degrades',
    title: '{service} does not set {setting}: its 227 replies name {announcedInstead}',
    explanation:
      'Without {setting}, the server announces {announcedInstead} in every passive reply, an address no client outside the host can reach. Clients that connect where a 227 reply says (Python ftplib without the CVE-2021-4189 fix, older curl where EPSV is off or refused and `--ftp-skip-pasv-ip` is not given, many devices and scripts) hang on every listing; those that replace a private 227 address, or use EPSV, do not.',
    fix: 'Set it to the public address clients use, {where}.',
  },
  CONTAINER_EXTERNAL_ADDRESS_PLACEHOLDER: {
    severity: 'error',
    role: 'degrades',
    title: "{service} announces the image's placeholder {configured}",
    explanation:
      "{setting} is not set in {file}, so the image's documented default {configured} is used: the server announces that in every passive reply, and clients connect to whatever it resolves to, or fail to resolve it.",
    fix: 'Set it to the public address clients use, {where}.',
  },
  CONTAINER_EXTERNAL_ADDRESS_IS_NAME: {
    severity: 'error',
    role: 'degrades',
    title: '{service} sets {setting} to a name, {configured}, which this server does not resolve',
    explanation:
      'vsftpd takes an IP address for its passive address unless told to resolve a name (pasv_addr_resolve): with a name, passive replies are wrong or the server refuses to start passive mode.',
    fix: 'Set {setting} to the address itself, or turn name resolution on where the image offers it (fauria/vsftpd: `PASV_ADDR_RESOLVE: "YES"`).',
  },
  CONTAINER_EXTERNAL_ADDRESS_PRIVATE: {
    severity: 'error',
    role: 'degrades',
    title: '{service} announces {configured}, a {scope} address',
    explanation:
      "{setting} in {file} is {configured}: every passive reply names it, and clients outside its network cannot reach it (a container's or a Service's cluster address is not the address clients use).",
    fix: 'Set it to the public address clients connect to, {where}.',
  },
  K8S_REPLICAS_WITHOUT_AFFINITY: {
    severity: 'error',
    role: 'degrades',
    title: 'The Service {service} spreads connections over {replicas} pods of {workload} without session affinity',
    explanation:
      "A client's data connection is a new TCP connection: without `sessionAffinity: ClientIP` the Service may send it to another pod than its control connection, one that opened no passive port for it, and the listing fails or hangs (seen as aledv/kubernetes-ftp#3).{tlsReuse}",
    fix: 'Set `sessionAffinity: ClientIP` on the Service {service}, or run one replica.',
  },
  K8S_AFFINITY_WITHOUT_CLIENT_ADDRESS: {
    severity: 'warning',
    role: 'degrades',
    title: "The Service {service} keys its session affinity on an address that is not the client's",
    explanation:
      "{service} sets `sessionAffinity: ClientIP` in front of {replicas} pods of {workload}, but with `externalTrafficPolicy: Cluster` (the default) a connection that enters through another node arrives with that node's address. A client's control and data connections can enter through different nodes (a load balancer spreads them), so they can still reach different pods, and the listing fails now and then.{tlsReuse}",
    fix: 'Set `externalTrafficPolicy: Local` on the Service {service}, so that affinity sees the client, or run one replica.',
  },
  K8S_LOAD_BALANCER_TERMINATES_TLS: {
    severity: 'error',
    role: 'degrades',
    title: 'The load balancer of {service} ends TLS itself on the FTP ports',
    explanation:
      "The annotation {annotation} makes the load balancer the TLS endpoint. FTPS does not pass through that: explicit FTPS starts in plain text and asks for TLS with AUTH TLS on the control connection, which the load balancer cannot answer, and every data connection is its own TLS session that the server expects to resume from the control connection's.",
    fix: 'Remove {annotation} (and its ssl-ports) from the Service {service}, so that TLS goes through to the server, which holds the certificate.',
  },
  CONTAINER_PASSIVE_RANGE_UNSET: {
    severity: 'error',
    role: 'degrades',
    title: '{service} leaves its passive range unset: the server picks any free port',
    explanation:
      'Without {rangeSetting}, each passive reply names a port the server picks from all free ones: no `ports:` list or Service can publish them all, and listings hang on whatever port is not published.',
    fix: 'Set a small range, {where}, and publish that range unchanged.',
  },
  CONTAINER_TLS_FILE_NOT_MOUNTED: {
    severity: 'warning',
    role: 'degrades',
    title: '{service} turns TLS on, but nothing mounts {path}',
    explanation:
      'The server reads {path} for TLS when it starts, and no volume, bind mount, Secret or ConfigMap of {service} provides it. Unless the image itself holds that file, TLS fails: vsftpd refuses to start ("500 OOPS: SSL: cannot load RSA certificate"), ProFTPD and Pure-FTPd answer AUTH TLS with an error.',
    fix: 'Mount the certificate and its key at {path}, from a Secret (Kubernetes) or a file or secret (compose), read-only.',
  },
  K8S_SOURCE_NAT_REFUSED: {
    severity: 'warning',
    role: 'degrades',
    title:
      "The Service {service} uses externalTrafficPolicy Cluster, and {software} checks the data connection's source",
    explanation:
      'With `externalTrafficPolicy: Cluster` (the default) kube-proxy may forward a connection through another node and replace the client\'s address with that node\'s. The control and the data connection can then arrive from different addresses, and the server refuses the data connection (vsftpd: "425 Security: Bad IP connecting.").',
    fix: 'Set `externalTrafficPolicy: Local` on the Service {service} (clients keep their address); only otherwise turn the check off (vsftpd `pasv_promiscuous=YES`, fauria/vsftpd `PASV_PROMISCUOUS: "YES"`, ProFTPD `AllowForeignAddress on`), which lets anyone who guesses the port take the data.',
  },
  K8S_LOAD_BALANCER_IDLE_TIMEOUT: {
    severity: 'warning',
    role: 'degrades',
    title: 'The load balancer of {service} forgets connections idle {seconds} s',
    explanation:
      '{cloud}: its idle timeout is {seconds} s. During a transfer longer than that the control connection is idle and forgotten; the transfer completes and the client waits for a 226 that never comes.',
    fix: 'Raise the idle timeout where the cloud allows it (Azure: `service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout`, up to 100 minutes), or have clients send keepalives (docs/clients.md); measure it with `ftp-doctor probe HOST --idle 600`.',
  },
  K8S_LOAD_BALANCER_IDLE_UNKNOWN: {
    severity: 'info',
    role: 'not-tested',
    title: 'The load balancer of {service} has an idle timeout this file does not show',
    explanation:
      'Cloud load balancers forget idle connections (AWS NLB 350 s, Azure 4 minutes by default, GCP Cloud NAT 1200 s); during a long transfer the control connection is idle.',
    fix: 'Measure it once deployed: `ftp-doctor probe HOST --idle 600`.',
  },
  CONTAINER_CONFIG_OK: {
    severity: 'info',
    role: 'informational',
    title: 'Nothing in the deployment will make clients hang',
    explanation:
      'Checked: {servers}: the control port and the whole passive range reach the outside under their own numbers, and the external address is public (or a name the server resolves at start, which this audit does not look up).',
    fix: 'Nothing to do.',
  },
} as const satisfies Record<string, FindingEntry>;
