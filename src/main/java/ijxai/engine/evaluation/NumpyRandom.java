package ijxai.engine.evaluation;

/**
 * numpy's legacy random generator ({@code np.random.seed(s)}, a Mersenne Twister MT19937) as far as
 * {@code np.random.permutation} uses it: so that a seed gives the very permutations Quantus draws
 * when it randomizes a TensorFlow model's layers.
 */
final class NumpyRandom {

	private static final int N = 624, M = 397;
	private final int[] state = new int[N];
	private int position;

	/** {@code np.random.seed(seed)} for a seed in [0, 2³²): numpy's {@code mt19937_seed}. */
	NumpyRandom(long seed) {
		if (seed < 0 || seed > 0xffffffffL) throw new IllegalArgumentException("numpy seeds are in [0, 2^32), not " + seed);
		state[0] = (int) seed;
		for (int i = 1; i < N; i++) state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
		position = N;
	}

	/** The next 32 random bits, unsigned. */
	long nextUint32() {
		if (position == N) twist();
		int y = state[position++];
		y ^= y >>> 11;
		y ^= (y << 7) & 0x9d2c5680;
		y ^= (y << 15) & 0xefc60000;
		y ^= y >>> 18;
		return y & 0xffffffffL;
	}

	private void twist() {
		for (int i = 0; i < N; i++) {
			int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
			state[i] = state[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
		}
		position = 0;
	}

	/** A uniform integer in [0, max] by masked rejection: numpy's {@code random_interval}. */
	long interval(long max) {
		if (max == 0) return 0;
		long mask = max;
		for (int shift = 1; shift <= 16; shift <<= 1) mask |= mask >>> shift;
		long value;
		do value = nextUint32() & mask; while (value > max);
		return value;
	}

	/**
	 * The order {@code np.random.permutation(array)} puts an array's first-axis rows in: row
	 * {@code i} of the result is row {@code order[i]} of the array (Fisher–Yates from the end).
	 */
	int[] permutation(int n) {
		int[] order = new int[n];
		for (int i = 0; i < n; i++) order[i] = i;
		for (int i = n - 1; i >= 1; i--) {
			int j = (int) interval(i);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}
}
