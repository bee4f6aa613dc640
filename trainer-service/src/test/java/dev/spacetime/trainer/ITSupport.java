package dev.spacetime.trainer;

import dev.spacetime.stack.StackTestResource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/** Waiting on the consumer group the trainers share. */
final class ITSupport {

    static final String GROUP = "spacetime-trainers";

    private ITSupport() {
    }

    /** Until the group has {@code members} members that each own at least one partition. */
    static void awaitGroup(int members, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        try (Admin admin = StackTestResource.admin()) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(java.util.List.of(GROUP)).all()
                        .get(10, TimeUnit.SECONDS).get(GROUP);
                last = d.groupState() + " " + d.members().stream()
                        .map(m -> m.clientId() + "=" + m.assignment().topicPartitions().size()).toList();
                boolean stable = d.members().size() == members
                        && d.members().stream().map(MemberDescription::assignment).allMatch(a -> !a.topicPartitions().isEmpty());
                if (stable) {
                    return;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("group " + GROUP + " did not reach " + members + " members with partitions: " + last);
    }
}
