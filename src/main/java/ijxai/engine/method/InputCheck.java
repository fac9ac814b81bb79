package ijxai.engine.method;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.model.ModelInfo;

/** Whether a batch fits a model's input, with a message that says how it does not. */
public final class InputCheck {

	private InputCheck() {}

	public static void check(ModelInfo info, FloatBatch batch) {
		String problem = problem(info, batch);
		if (problem != null) throw new XaiException(problem);
	}

	/** Why the batch does not fit, or null. */
	public static String problem(ModelInfo info, FloatBatch batch) {
		if (batch.count() == 0) return "the image has no slices";
		long[] shape = info.inputShape();
		String wanted = "the model in " + info.folder() + " takes " + ModelInfo.shapeString(shape) + " (" + info.layout() + ")";
		String got = batch.width() + "x" + batch.height() + " pixels with " + batch.channels() + " channel" + (batch.channels() == 1 ? "" : "s");
		switch (shape.length) {
			case 4:
				if (shape[3] > 0 && shape[3] != batch.channels()) return wanted + ": " + shape[3] + " channel(s), but the image has " + got;
				if (!fits(shape[1], batch.height()) || !fits(shape[2], batch.width())) {
					return wanted + ": " + shape[2] + "x" + shape[1] + " pixels, but the image has " + got + " (resize it, or choose resize)";
				}
				return null;
			case 3:
				if (batch.channels() != 1) return wanted + ": one channel, but the image has " + got;
				if (!fits(shape[1], batch.height()) || !fits(shape[2], batch.width())) {
					return wanted + ": " + shape[2] + "x" + shape[1] + " pixels, but the image has " + got + " (resize it, or choose resize)";
				}
				return null;
			default:
				if (!fits(shape[1], batch.sampleSize())) {
					return wanted + ": " + shape[1] + " values per image, but the image has " + got + " = " + batch.sampleSize() + " values";
				}
				return null;
		}
	}

	private static boolean fits(long wanted, long actual) {
		return wanted < 0 || wanted == actual;
	}
}
