/**
 * RFC 9457 problem bodies for what no controller handles: unknown paths, wrong methods and media types, oversized
 * bodies and errors the servlet container reports.
 */
package io.bankofthings.lending.web.problem;
