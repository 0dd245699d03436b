"""
A Spark Structured Streaming job, as a pipeline under test would run it: reads a Kafka topic
written by clickgen, applies a watermark on the event time and counts events per event-time
window. One record per micro-batch (maxOffsetsPerTrigger=1): Spark moves its watermark at the
end of each micro-batch, so this way it judges every record against the largest event time
before it, as the answer key's watermark does.

Usage: watermark_counts.py BOOTSTRAP TOPIC WATERMARK_SECONDS WINDOW_SECONDS
Prints one JSON object: {"counts": {window start ISO: count}, "dropped": rows the watermark dropped}.
"""
import json
import sys
import tempfile
from datetime import datetime, timezone

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, from_json, timestamp_millis
from pyspark.sql.types import LongType, StringType, StructField, StructType

bootstrap, topic, watermark_seconds, window_seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

spark = (
    SparkSession.builder.master("local[1]")
    .appName("clickgen-watermark")
    .config("spark.jars.packages", "org.apache.spark:spark-sql-kafka-0-10_2.13:4.2.0")
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "1")
    .config("spark.sql.session.timeZone", "UTC")
    # With one stateful operator, rows are judged late against the watermark the previous
    # micro-batch set (not the one before it, as with several operators since Spark 3.4).
    .config("spark.sql.streaming.statefulOperator.allowMultiple", "false")
    # Every micro-batch's progress is kept, for the rows each dropped (by default the last 100).
    .config("spark.sql.streaming.numRecentProgressUpdates", "1000000")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")

schema = StructType([StructField("event_id", StringType()), StructField("event_type", StringType()), StructField("event_time", LongType())])
events = (
    spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", bootstrap)
    .option("subscribe", topic)
    .option("startingOffsets", "earliest")
    .option("maxOffsetsPerTrigger", 1)
    .load()
    .select(from_json(col("value").cast("string"), schema).alias("e"))
    .select(col("e.event_id").alias("event_id"), timestamp_millis(col("e.event_time")).alias("event_time"))
)
# A stateful operator on the event time itself: Spark drops each row older than the watermark
# (a windowed aggregation would keep late rows whose window is still open).
kept = events.withWatermark("event_time", f"{watermark_seconds} seconds").dropDuplicates(["event_id", "event_time"])

counts = {}


def keep(batch, _batch_id):
    for row in batch.collect():
        start = int(row["event_time"].timestamp() * 1000) // (window_seconds * 1000) * window_seconds
        key = datetime.fromtimestamp(start, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        counts[key] = counts.get(key, 0) + 1


def dropped_by(progress):
    """Rows a micro-batch's stateful operators dropped as too late (progress objects or, in older PySpark, dicts)."""
    operators = progress.get("stateOperators", []) if isinstance(progress, dict) else progress.stateOperators
    return sum(op.get("numRowsDroppedByWatermark", 0) if isinstance(op, dict) else op.numRowsDroppedByWatermark for op in operators)


with tempfile.TemporaryDirectory() as checkpoint:
    query = kept.writeStream.outputMode("append").foreachBatch(keep).option("checkpointLocation", checkpoint).trigger(availableNow=True).start()
    query.awaitTermination()
    dropped = sum(dropped_by(progress) for progress in query.recentProgress)
    print(json.dumps({"counts": counts, "dropped": dropped, "batches": len(query.recentProgress)}))
spark.stop()
