/** Runs an S3-compatible server in-process on a local folder for the embedded runtime and tests. */
@NullMarked
package io.bankofthings.lending.storage.embedded;

import org.jspecify.annotations.NullMarked;
