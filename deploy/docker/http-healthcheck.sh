#!/bin/bash
# Container health check without curl or a node process: exits 0 when 127.0.0.1:<port> answers
# <path> with 200. Usage: docket-http-healthcheck <port> <path>. Both images carry it: web checks
# nginx's /healthz, Compose checks the api's /api/health/live with it every second (a node
# process per check would cost about 0.2 s of CPU and 50 MB each time; docs/performance.md).
port=${1:?usage: docket-http-healthcheck <port> <path>}
path=${2:?usage: docket-http-healthcheck <port> <path>}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r -t 3 status <&3 || exit 1
[[ $status == "HTTP/1."?" 200"* ]]
