/**
 * In-process rate limits per principal on the endpoints that submit applications and pay: token buckets, answered
 * with 429, {@code Retry-After} and a problem body when empty.
 */
package io.bankofthings.lending.web.ratelimit;
