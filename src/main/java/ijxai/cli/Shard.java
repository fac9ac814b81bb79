package ijxai.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ijxai.engine.XaiException;

/**
 * {@code --shard I/N}: the I-th (from 1) of N contiguous chunks of the files a command reads, in
 * the order it reads them, so that N jobs of a job array each take one chunk and, in chunk order,
 * cover every file once. Chunk I holds the files k (from 0) with floor((I−1)·F/N) ≤ k < floor(I·F/N)
 * of F files: sizes differ by one at most.
 *
 * @param index I, 1 ≤ I ≤ N
 * @param count N
 */
record Shard(int index, int count) {

	/** Every file: no --shard. */
	static final Shard ALL = new Shard(1, 1);

	private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

	/** The shard {@code I/N}, ALL for null, or a usage error saying what is wrong with it. */
	static Shard parse(String value) {
		if (value == null) return ALL;
		Matcher form = FORM.matcher(value.trim());
		if (!form.matches()) throw new UsageException("--shard takes I/N, the I-th of N chunks (e.g. 2/8), not '" + value + "'");
		int index = Integer.parseInt(form.group(1)), count = Integer.parseInt(form.group(2));
		if (count < 1) throw new UsageException("--shard " + value + ": N must be at least 1");
		if (index < 1 || index > count) throw new UsageException("--shard " + value + ": I must be from 1 to N (" + count + ")");
		return new Shard(index, count);
	}

	/** This shard's chunk of {@code files} (the files of {@code source}); an error when it is empty (fewer files than shards). */
	<T> List<T> of(List<T> files, String source) {
		int from = (int) ((long) (index - 1) * files.size() / count), to = (int) ((long) index * files.size() / count);
		if (from == to) {
			throw new XaiException("--shard " + index + "/" + count + " holds no file: " + source + " has " + files.size() + " image file(s), fewer than "
				+ count + " shards; give at most " + files.size() + " shards");
		}
		return files.subList(from, to);
	}
}
