#!/bin/bash
# Container health check without curl: nginx answers /healthz on its port.
exec 3<>/dev/tcp/127.0.0.1/8080 || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 3 status <&3 || exit 1
[[ $status == "HTTP/1."?" 200"* ]]
