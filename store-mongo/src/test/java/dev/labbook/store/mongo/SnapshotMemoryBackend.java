package dev.labbook.store.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import java.util.function.Supplier;

/**
 * mongo-java-server's in-memory backend with MongoDB's read isolation: a query's documents are
 * copied while the collection's lock is held. The plain backend hands out the stored documents
 * themselves and writes them to the socket after releasing its lock, while updates change them
 * in place, so a reader can see half of an update (a new version with old fields), and a
 * compare-and-set built on that read loses an update. MongoDB never shows a half-applied write
 * to one document; this makes the test server behave so too. Public, in this module's test
 * jar, because the bench measures the same server.
 */
public final class SnapshotMemoryBackend extends MemoryBackend {
  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new SnapshotDatabase(databaseName, getCursorRegistry());
  }

  private static final class SnapshotDatabase extends MemoryDatabase {
    SnapshotDatabase(String name, CursorRegistry cursors) {
      super(name, cursors);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
      return new SnapshotCollection(this, collectionName, options, cursorRegistry);
    }
  }

  private static final class SnapshotCollection extends MemoryCollection {
    // findAndModify and deleteDocuments query through handleQuery and then change or remove the
    // very documents it returned: inside them, the live documents must come back.
    private final ThreadLocal<Integer> inside = ThreadLocal.withInitial(() -> 0);

    SnapshotCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
      super(database, name, options, cursors);
    }

    @Override
    public synchronized QueryResult handleQuery(QueryParameters parameters) {
      QueryResult live = super.handleQuery(parameters);
      if (inside.get() > 0) {
        return live;
      }
      List<Document> copies = live.collectDocuments().stream().map(Document::cloneDeeply).toList();
      return new QueryResult(copies, live.getCursorId());
    }

    @Override
    public synchronized Document findAndModify(Document query) {
      return internally(() -> super.findAndModify(query));
    }

    @Override
    public synchronized int deleteDocuments(Document selector, int limit, Oplog oplog) {
      return internally(() -> super.deleteDocuments(selector, limit, oplog));
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document update,
        ArrayFilters arrayFilters, boolean multi, boolean upsert, Oplog oplog) {
      return internally(() -> super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog));
    }

    private <T> T internally(Supplier<T> operation) {
      inside.set(inside.get() + 1);
      try {
        return operation.get();
      } finally {
        inside.set(inside.get() - 1);
      }
    }
  }
}
