export { decodeEvent, abiOf, type DecodedEvent, type DecodeContext, type EventType, type Abi } from './event.js';
export { formatCall, formatParams, formatResult, type FormatOptions } from './format-call.js';
export { formatReturn, errnoMessage } from './errno-text.js';
export { formatLogLine, DEFAULT_LOG_FORMAT, LOG_VARIABLES, type LogContext } from './log-format.js';
export { toJsonEvent, EVENT_SCHEMA_VERSION, type JsonEvent } from './json.js';
export { quoteString, quoteBytes, DEFAULT_STRING_LIMIT } from './quote.js';
export { formatSockaddr } from './sockaddr.js';
