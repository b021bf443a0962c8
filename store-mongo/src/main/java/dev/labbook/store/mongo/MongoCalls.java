package dev.labbook.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.labbook.InvalidInputException;
import dev.labbook.StoreUnavailableException;
import dev.labbook.spi.TransientStoreException;
import java.util.function.Supplier;
import org.bson.BsonMaximumSizeExceededException;

/** Translates the driver's failures into what core understands, in one place. */
final class MongoCalls {
  /** MongoDB's code for a unique-index violation. */
  static final int DUPLICATE_KEY = 11000;

  private MongoCalls() {}

  /**
   * Runs one driver call: a lost connection or a stepping-down primary becomes
   * {@link TransientStoreException} (core retries it), a document over MongoDB's 16 MB limit
   * becomes {@link InvalidInputException} (nothing was written: the driver checks the size
   * before it sends; the store checks it earlier still), and no server answering within the
   * timeout becomes {@link StoreUnavailableException}.
   */
  static <T> T call(String what, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (MongoSocketException | MongoNotPrimaryException | MongoNodeIsRecoveringException e) {
      throw new TransientStoreException("MongoDB failed while " + what + "; retried: " + e.getMessage(), e);
    } catch (MongoTimeoutException e) {
      // No server answered within the store's timeout: retrying would only multiply the wait.
      throw new StoreUnavailableException("MongoDB did not answer while " + what + ": " + e.getMessage(), e);
    } catch (BsonMaximumSizeExceededException e) {
      throw new InvalidInputException("cannot store " + what + ": the record takes more than the"
          + " 16 MB a MongoDB document may hold (" + e.getMessage() + ")", e);
    }
  }

  /** Whether a write failed because a unique index already holds its key. */
  static boolean isDuplicateKey(RuntimeException e) {
    if (e instanceof MongoWriteException write) {
      return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    if (e instanceof MongoBulkWriteException bulk) {
      return bulk.getWriteErrors().stream()
          .anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
    }
    return e instanceof MongoServerException server && server.getCode() == DUPLICATE_KEY;
  }
}
