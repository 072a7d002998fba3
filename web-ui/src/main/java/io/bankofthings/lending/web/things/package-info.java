/** Owner pages of the borrower portal: the owner's things, their grants, remaining limits, payments and trail. */
@NullMarked
package io.bankofthings.lending.web.things;

import org.jspecify.annotations.NullMarked;
