package io.github.qkeras4j.cli;

import io.github.qkeras4j.data.FashionMnist;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dataset} and {@code --data} options shared by train and evaluate. */
final class DatasetOptions {
    /** Datasets the CLI can load. */
    enum DatasetName {
        FASHION_MNIST("fashion-mnist");

        private final String label;

        DatasetName(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }

        static DatasetName parse(String value) {
            for (DatasetName name : values()) {
                if (name.label.equals(value)) {
                    return name;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown dataset '" + value + "'; expected fashion-mnist");
        }
    }

    @Option(names = "--dataset", defaultValue = "fashion-mnist", converter = DatasetConverter.class,
            description = "Dataset to use (fashion-mnist). Default: ${DEFAULT-VALUE}.")
    DatasetName dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the dataset's IDX files. Default: /usr/share/datasets/fashion-mnist "
                    + "(Debian package dataset-fashion-mnist).")
    Path data;

    Path directory() {
        return data == null ? FashionMnist.DEFAULT_DIRECTORY : data;
    }

    static final class DatasetConverter implements picocli.CommandLine.ITypeConverter<DatasetName> {
        @Override
        public DatasetName convert(String value) {
            return DatasetName.parse(value);
        }
    }
}
