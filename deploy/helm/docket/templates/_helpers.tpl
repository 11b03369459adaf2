{{/*
Names, labels, the checks that refuse a release without secrets, and the pieces every
server pod shares (environment, secret files, hardening), defined once.
*/}}

{{- define "docket.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "docket.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "api"). */}}
{{- define "docket.selectorLabels" -}}
app.kubernetes.io/name: {{ include "docket.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "docket.labels" -}}
{{ include "docket.selectorLabels" . }}
app.kubernetes.io/part-of: docket
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{- define "docket.serverImage" -}}
{{ .Values.image.server.repository }}:{{ .Values.image.server.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "docket.webImage" -}}
{{ .Values.image.web.repository }}:{{ .Values.image.web.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "docket.secretName" -}}
{{ .Values.secrets.existingSecret | default (include "docket.fullname" .) }}
{{- end }}

{{- define "docket.cnpgName" -}}
{{ include "docket.fullname" . }}-db
{{- end }}

{{/* Full DNS names: nginx's resolver does not use the pod's search domains. */}}
{{- define "docket.serviceHost" -}}
{{ include "docket.fullname" .root }}-{{ .component }}.{{ .root.Release.Namespace }}.svc.{{ .root.Values.clusterDomain }}
{{- end }}

{{/* "true" when the chart itself creates the database, so it cannot exist before install. */}}
{{- define "docket.databaseFromChart" -}}
{{- if or .Values.postgresql.enabled .Values.cloudnativepg.enabled }}true{{ end }}
{{- end }}

{{- define "docket.embeddingsKey" -}}
{{- if or .Values.embeddings.apiKeyFromSecret (and (not .Values.secrets.existingSecret) .Values.secrets.embeddingsApiKey) }}true{{ end }}
{{- end }}

{{- define "docket.rerankKey" -}}
{{- if or .Values.rerank.apiKeyFromSecret (and (not .Values.secrets.existingSecret) .Values.secrets.rerankApiKey) }}true{{ end }}
{{- end }}

{{- define "docket.chatKey" -}}
{{- if or .Values.chat.apiKeyFromSecret (and (not .Values.secrets.existingSecret) .Values.secrets.chatApiKey) }}true{{ end }}
{{- end }}

{{- define "docket.chatModelKeys" -}}
{{- if or .Values.chat.modelKeysFromSecret (and (not .Values.secrets.existingSecret) .Values.secrets.chatModelKeys) }}true{{ end }}
{{- end }}

{{/*
Refuses to render a release that could not start: no literal default secrets, ever. Every
problem is listed at once, each saying what to set.
*/}}
{{- define "docket.validate" -}}
{{- $v := .Values -}}
{{- $s := $v.secrets }}
{{- $problems := list }}
{{- if not $s.existingSecret }}
{{- if not $s.authSecret }}
{{- $problems = append $problems "secrets.authSecret: required, at least 32 characters (openssl rand -base64 48)" }}
{{- else if lt (len $s.authSecret) 32 }}
{{- $problems = append $problems "secrets.authSecret: at least 32 characters (openssl rand -base64 48)" }}
{{- end }}
{{- if and $v.postgresql.enabled (not $s.postgresPassword) }}
{{- $problems = append $problems "secrets.postgresPassword: required with the bundled PostgreSQL (openssl rand -hex 24)" }}
{{- end }}
{{- if and (not $v.postgresql.enabled) (not $v.cloudnativepg.enabled) (not $s.databaseUrl) }}
{{- $problems = append $problems "secrets.databaseUrl: required with an external database (postgres://user:password@host:5432/docket)" }}
{{- end }}
{{- if and $v.redis.enabled (not $s.redisPassword) }}
{{- $problems = append $problems "secrets.redisPassword: required with the bundled Redis (openssl rand -hex 24)" }}
{{- end }}
{{- if and (not $v.redis.enabled) (not $s.redisUrl) }}
{{- $problems = append $problems "secrets.redisUrl: required with an external Redis (redis://:password@host:6379)" }}
{{- end }}
{{- if and (not $v.redis.enabled) $v.keda.enabled (not $s.redisPassword) }}
{{- $problems = append $problems "secrets.redisPassword: required with keda.enabled, KEDA reads the external Redis with it" }}
{{- end }}
{{- end }}
{{- if not $v.publicUrl }}
{{- $problems = append $problems "publicUrl: required, the address users open (https://docket.example.com)" }}
{{- end }}
{{- if and $v.postgresql.enabled $v.cloudnativepg.enabled }}
{{- $problems = append $problems "postgresql.enabled and cloudnativepg.enabled: choose one database" }}
{{- end }}
{{- if and $v.keda.enabled (not $v.redis.enabled) (not $v.keda.redisAddress) }}
{{- $problems = append $problems "keda.redisAddress: required with keda.enabled and an external Redis (host:port)" }}
{{- end }}
{{- if eq $v.embeddings.provider "openai" }}
{{- if or (not $v.embeddings.baseUrl) (not $v.embeddings.model) (not $v.embeddings.dimensions) }}
{{- $problems = append $problems "embeddings.baseUrl, embeddings.model and embeddings.dimensions: required with embeddings.provider openai" }}
{{- end }}
{{- end }}
{{- if and $v.sso.issuer (not $v.sso.clientId) }}
{{- $problems = append $problems "sso.clientId: required with sso.issuer (Docket's client id at the provider)" }}
{{- end }}
{{- if and $v.sso.issuer (not $s.existingSecret) (not $s.oidcClientSecret) }}
{{- $problems = append $problems "secrets.oidcClientSecret: required with sso.issuer (Docket's client secret at the provider)" }}
{{- end }}
{{- if and (eq $v.chat.provider "openai") (or (not $v.chat.baseUrl) (not $v.chat.model)) }}
{{- $problems = append $problems "chat.baseUrl and chat.model: required with chat.provider openai" }}
{{- end }}
{{- if and (eq $v.chat.provider "openai") $v.chat.models }}
{{- $problems = append $problems "chat.models or chat.provider openai: choose one (list that model in chat.models)" }}
{{- end }}
{{- if $problems }}
{{- fail (printf "\n\nDocket cannot be installed with these values; set:\n  - %s\n(or give secrets.existingSecret: a Secret you manage; see docs/kubernetes.md)\n" (join "\n  - " $problems)) }}
{{- end }}
{{- end }}

{{/* Hardening shared by every pod: (dict "uid" 1000). */}}
{{- define "docket.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "docket.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Scheduling and pull secrets, the same for every pod. */}}
{{- define "docket.podCommon" -}}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "docket.terminationGracePeriodSeconds" -}}
{{ add (div (add .Values.config.shutdownTimeoutMs 999) 1000) .Values.config.terminationGraceExtraSeconds }}
{{- end }}

{{/* Secret files of the server pods, under /run/secrets/docket, readable by their group only. */}}
{{- define "docket.serverSecretVolume" -}}
- name: secrets
  projected:
    defaultMode: 0440
    sources:
      - secret:
          name: {{ include "docket.secretName" . }}
          items:
            - { key: auth-secret, path: auth-secret }
            - { key: redis-url, path: redis-url }
            {{- if not .Values.cloudnativepg.enabled }}
            - { key: database-url, path: database-url }
            {{- end }}
            {{- if include "docket.embeddingsKey" . }}
            - { key: embeddings-api-key, path: embeddings-api-key }
            {{- end }}
            {{- if include "docket.rerankKey" . }}
            - { key: rerank-api-key, path: rerank-api-key }
            {{- end }}
            {{- if include "docket.chatKey" . }}
            - { key: chat-api-key, path: chat-api-key }
            {{- end }}
            {{- if .Values.sso.issuer }}
            - { key: oidc-client-secret, path: oidc-client-secret }
            {{- end }}
            {{- if include "docket.chatModelKeys" . }}
            - { key: chat-model-keys, path: chat-model-keys }
            {{- end }}
      {{- if .Values.cloudnativepg.enabled }}
      - secret:
          name: {{ include "docket.cnpgName" . }}-app
          items:
            - { key: uri, path: database-url }
      {{- end }}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end }}

{{- define "docket.serverVolumeMounts" -}}
- { name: secrets, mountPath: /run/secrets/docket, readOnly: true }
- { name: tmp, mountPath: /tmp }
{{- end }}

{{/* The server processes' environment: settings as values, secrets as *_FILE paths. */}}
{{- define "docket.serverEnv" -}}
{{- $v := .Values -}}
- { name: NODE_ENV, value: production }
- { name: LOG_LEVEL, value: {{ $v.config.logLevel | quote }} }
- { name: PUBLIC_URL, value: {{ $v.publicUrl | quote }} }
- { name: AUTH_SECRET_FILE, value: /run/secrets/docket/auth-secret }
- { name: DATABASE_URL_FILE, value: /run/secrets/docket/database-url }
- { name: REDIS_URL_FILE, value: /run/secrets/docket/redis-url }
- { name: DATABASE_POOL_MAX, value: {{ $v.config.databasePoolMax | quote }} }
- { name: ALLOW_SIGNUP, value: {{ $v.config.allowSignup | quote }} }
- { name: AUTH_RATE_LIMIT_PER_MINUTE, value: {{ $v.config.authRateLimitPerMinute | quote }} }
{{- if $v.sso.issuer }}
- { name: OIDC_ISSUER, value: {{ $v.sso.issuer | quote }} }
- { name: OIDC_CLIENT_ID, value: {{ $v.sso.clientId | quote }} }
- { name: OIDC_CLIENT_SECRET_FILE, value: /run/secrets/docket/oidc-client-secret }
- { name: OIDC_SCOPES, value: {{ $v.sso.scopes | quote }} }
- { name: OIDC_AUTO_CREATE, value: {{ $v.sso.autoCreate | quote }} }
- { name: OIDC_GROUPS_CLAIM, value: {{ $v.sso.groupsClaim | quote }} }
{{- with $v.sso.buttonLabel }}
- { name: OIDC_BUTTON_LABEL, value: {{ . | quote }} }
{{- end }}
{{- with $v.sso.adminGroup }}
- { name: OIDC_ADMIN_GROUP, value: {{ . | quote }} }
{{- end }}
{{- end }}
- { name: TRUST_PROXY, value: {{ $v.config.trustProxy | default (ternary "2" "1" $v.ingress.enabled) | quote }} }
- { name: SHUTDOWN_TIMEOUT_MS, value: {{ $v.config.shutdownTimeoutMs | quote }} }
- { name: WORKER_CONCURRENCY, value: {{ $v.config.workerConcurrency | quote }} }
- { name: UPLOAD_MAX_BYTES, value: {{ $v.config.uploadMaxBytes | int64 | quote }} }
- { name: HEARTBEAT_FILE, value: /tmp/docket-heartbeat.json }
{{- with $v.config.ingestAllowedHosts }}
- { name: INGEST_ALLOWED_HOSTS, value: {{ . | quote }} }
{{- end }}
{{- with $v.config.mcpAllowedHosts }}
- { name: MCP_ALLOWED_HOSTS, value: {{ . | quote }} }
{{- end }}
- { name: EMBEDDINGS_PROVIDER, value: {{ $v.embeddings.provider | quote }} }
{{- if eq $v.embeddings.provider "openai" }}
- { name: EMBEDDINGS_BASE_URL, value: {{ $v.embeddings.baseUrl | quote }} }
- { name: EMBEDDINGS_MODEL, value: {{ $v.embeddings.model | quote }} }
- { name: EMBEDDINGS_DIMENSIONS, value: {{ $v.embeddings.dimensions | int | quote }} }
{{- end }}
{{- if include "docket.embeddingsKey" . }}
- { name: EMBEDDINGS_API_KEY_FILE, value: /run/secrets/docket/embeddings-api-key }
{{- end }}
- { name: URL_REFRESH_HOURS, value: {{ $v.config.urlRefreshHours | int | quote }} }
- { name: SITEMAP_MAX_PAGES, value: {{ $v.config.sitemapMaxPages | int | quote }} }
- { name: OCR_ENABLED, value: {{ $v.ocr.enabled | quote }} }
- { name: OCR_MAX_PAGES, value: {{ $v.ocr.maxPages | int | quote }} }
- { name: OCR_TIMEOUT_MS, value: {{ $v.ocr.timeoutMs | int64 | quote }} }
- { name: RERANK_PROVIDER, value: {{ $v.rerank.provider | quote }} }
{{- if ne $v.rerank.provider "off" }}
- { name: RERANK_BASE_URL, value: {{ required "rerank.baseUrl is required with a reranker" $v.rerank.baseUrl | quote }} }
{{- with $v.rerank.model }}
- { name: RERANK_MODEL, value: {{ . | quote }} }
{{- end }}
- { name: RERANK_CANDIDATES, value: {{ $v.rerank.candidates | int | quote }} }
- { name: RERANK_TIMEOUT_MS, value: {{ $v.rerank.timeoutMs | int | quote }} }
{{- end }}
{{- if include "docket.rerankKey" . }}
- { name: RERANK_API_KEY_FILE, value: /run/secrets/docket/rerank-api-key }
{{- end }}
- { name: CHAT_PROVIDER, value: {{ $v.chat.provider | quote }} }
{{- if eq $v.chat.provider "openai" }}
- { name: CHAT_BASE_URL, value: {{ $v.chat.baseUrl | quote }} }
- { name: CHAT_MODEL, value: {{ $v.chat.model | quote }} }
{{- end }}
{{- if include "docket.chatKey" . }}
- { name: CHAT_API_KEY_FILE, value: /run/secrets/docket/chat-api-key }
{{- end }}
{{- with $v.chat.models }}
- { name: CHAT_MODELS, value: {{ toJson . | quote }} }
{{- end }}
{{- if include "docket.chatModelKeys" . }}
- { name: CHAT_MODEL_KEYS_FILE, value: /run/secrets/docket/chat-model-keys }
{{- end }}
- { name: CHAT_MAX_STEPS, value: {{ $v.chat.maxSteps | quote }} }
- { name: CHAT_TIMEOUT_MS, value: {{ $v.chat.timeoutMs | int64 | quote }} }
- { name: CHAT_RATE_LIMIT_PER_MINUTE, value: {{ $v.chat.rateLimitPerMinute | quote }} }
{{- with $v.config.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
