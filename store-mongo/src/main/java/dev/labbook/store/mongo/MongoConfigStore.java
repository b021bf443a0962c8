package dev.labbook.store.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import dev.labbook.ConfigStore;
import dev.labbook.DuplicateNameException;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.StoreContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;

/**
 * Configs in the {@code configs} collection, one document per (kind, name), unique by index.
 *
 * <p>A put of several configs (a config and its nested parts, root last) is one ordered
 * {@code insertMany}. Without transactions it is made all-or-nothing by compensation: when a
 * name is taken, the documents this call inserted before it are deleted again by their ids. A
 * crash between the two can leave some nested parts stored without their root; each is a
 * complete config on its own, and a later put of the same content finds it equal.
 */
final class MongoConfigStore extends ConfigStore {
  private final MongoStore.Collections collections;

  MongoConfigStore(StoreContext context, MongoStore.Collections collections) {
    super(context);
    this.collections = collections;
  }

  @Override
  protected void insertConfigs(List<ConfigDocument> documents) {
    List<BsonDocument> rows = new ArrayList<>(documents.size());
    for (ConfigDocument document : documents) {
      BsonDocument row = Records.config(document); // may refuse the body before anything is written
      row.put(Records.ID, new BsonObjectId(new ObjectId()));
      rows.add(row);
    }
    MongoCalls.call("storing configs", () -> {
      try {
        collections.configs.insertMany(rows, new InsertManyOptions().ordered(true));
      } catch (MongoBulkWriteException e) {
        if (!MongoCalls.isDuplicateKey(e)) {
          undo(rows);
          throw e;
        }
        int failed = e.getWriteErrors().get(0).getIndex();
        undo(rows.subList(0, failed));
        ConfigDocument taken = documents.get(failed);
        throw new DuplicateNameException(taken.kind(), taken.name());
      }
      return null;
    });
  }

  private void undo(List<BsonDocument> inserted) {
    if (!inserted.isEmpty()) {
      List<BsonValue> ids = inserted.stream().map(row -> row.get(Records.ID)).toList();
      collections.configs.deleteMany(Filters.in(Records.ID, ids));
    }
  }

  @Override
  protected Optional<ConfigDocument> loadConfig(String kind, String name) {
    return MongoCalls.call("reading a config", () -> Optional.ofNullable(
        collections.configs.find(key(kind, name)).first()).map(Records::config));
  }

  @Override
  protected Stream<String> configNames(String kind) {
    return MongoCalls.call("listing configs", () -> {
      var cursor = collections.configs.find(new BsonDocument("kind", new BsonString(kind)))
          .projection(Projections.include("name")).cursor();
      return StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(cursor, 0), false)
          .map(row -> row.getString("name").getValue())
          .onClose(cursor::close);
    });
  }

  @Override
  protected boolean removeConfig(String kind, String name) {
    return MongoCalls.call("deleting a config",
        () -> collections.configs.deleteOne(key(kind, name)).getDeletedCount() > 0);
  }

  private static BsonDocument key(String kind, String name) {
    return new BsonDocument("kind", new BsonString(kind)).append("name", new BsonString(name));
  }
}
