// Prints, as JSON, how the Java Kafka client hashes and partitions a set of keys, so the
// TypeScript partitioner can be checked against it (test/fixtures/kafka-partitions.json):
//   java -cp '.cache/kafka/lib/*' scripts/kafka/JavaPartitions.java > test/fixtures/kafka-partitions.json
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;

public class JavaPartitions {
    public static void main(String[] args) {
        List<String> keys = new ArrayList<>(List.of("", "a", "ab", "abc", "abcd", "abcde", "21", "user_123456789",
            "session-uuid", "\u043a\u043b\u044e\u0447", "\u65e5\u672c\u8a9e\u30ad\u30fc", "\uD83D\uDE00 emoji"));
        for (int i = 0; i < 200; i++) keys.add(String.format("USER_%04d", i * 37));
        int[] counts = {1, 3, 7, 12, 100};
        StringBuilder out = new StringBuilder("{\n  \"partitionCounts\": [1, 3, 7, 12, 100],\n  \"keys\": [\n");
        for (int k = 0; k < keys.size(); k++) {
            byte[] bytes = keys.get(k).getBytes(StandardCharsets.UTF_8);
            out.append("    {\"key\": \"").append(escape(keys.get(k))).append("\", \"murmur2\": ").append(Utils.murmur2(bytes)).append(", \"partitions\": [");
            for (int c = 0; c < counts.length; c++) {
                out.append(c == 0 ? "" : ", ").append(BuiltInPartitioner.partitionForKey(bytes, counts[c]));
            }
            out.append("]}").append(k + 1 < keys.size() ? ",\n" : "\n");
        }
        System.out.print(out.append("  ]\n}\n"));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '\\') b.append(String.format("\\u%04x", (int) ch));
            else b.append(ch);
        }
        return b.toString();
    }
}
