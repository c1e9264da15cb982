"""`kvalitet analyse` re-runs the committee's numbers from an exported file: the results archive of a
closed cycle (CSV zip and workbook) and analyse()'s own input as CSV and Parquet."""
import polars as pl
import pytest

from scoring import cli
from scoring.ceremony import archive
from scoring.committee import views as committee
from scoring.committee.analysis import OUTPUT_COLUMNS

HISTORY = 2022


@pytest.mark.parametrize("kind", ["zip", "xlsx"])
def test_analyse_reads_the_results_archive_and_agrees_with_the_committee(db, user, tmp_path, capsys, kind):
    actor = user("admin")
    data = archive.csv_zip(db, actor, HISTORY) if kind == "zip" else archive.workbook(db, actor, HISTORY)
    source, out = tmp_path / f"resultat.{kind}", tmp_path / "resultat-analys.csv"
    source.write_bytes(data)
    assert cli.main(["analyse", str(source), "--out", str(out)]) == 0
    assert "skrivna till" in capsys.readouterr().out
    got = pl.read_csv(out)
    assert tuple(got.columns) == OUTPUT_COLUMNS
    ranked = committee.ranking(db, user("kommitte1"), HISTORY).table.drop_nulls("p_first")
    assert got.height == ranked.height > 0
    # The archive names units by unit id and classes by name; the figures are the committee's up to
    # Monte Carlo error (another order of the units draws other random numbers).
    mine = got.select(pl.col("submission_id").alias("unit_id"), "p_first", "best_estimate", "place")
    both = ranked.select("unit_id", "p_first", "calibrated_mean", "best_place").join(mine, on="unit_id")
    assert both.height == ranked.height
    assert (both["p_first"] - both["p_first_right"]).abs().max() < 0.05
    assert (both["calibrated_mean"] - both["best_estimate"]).abs().max() < 0.5
    assert got["official_total"].null_count() < got.height            # the done consensus came along


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_analyse_reads_its_own_input_and_is_reproducible(db, user, tmp_path, suffix):
    scores = committee.analysis_scores(db, user("admin"), HISTORY)
    source = tmp_path / f"poäng.{suffix}"
    scores.write_csv(source) if suffix == "csv" else scores.write_parquet(source)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert cli.main(["analyse", str(source), "--out", str(first), "--draws", "1000"]) == 0
    assert cli.main(["analyse", str(source), "--out", str(second), "--draws", "1000"]) == 0
    assert pl.read_csv(first).equals(pl.read_csv(second))
    assert pl.read_csv(first).height == committee.ranking(db, user("admin"), HISTORY).table["p_first"].drop_nulls().len()


def test_analyse_refuses_a_missing_or_foreign_file(tmp_path, capsys):
    assert cli.main(["analyse", str(tmp_path / "saknas.csv"), "--out", str(tmp_path / "x.csv")]) == 2
    assert "finns inte" in capsys.readouterr().err
    other = tmp_path / "annat.csv"
    other.write_text("namn;ålder\nEva;40\n", encoding="utf-8")
    assert cli.main(["analyse", str(other), "--out", str(tmp_path / "x.csv")]) == 2
    assert "varken en poängfil" in capsys.readouterr().err


def test_analyse_with_the_earlier_cycles_file_gives_the_committees_figures(db, user, tmp_path):
    # 2026 pools its variances with signed 2022 in the committee's ranking; the statistician passes
    # 2022's scores with --earlier and gets the same figures, without it other ones.
    admin = user("admin")
    current, earlier = tmp_path / "2026.parquet", tmp_path / "2022.parquet"
    committee.analysis_scores(db, admin, 2026).write_parquet(current)
    committee.analysis_scores(db, admin, HISTORY).write_parquet(earlier)
    pooled, alone = tmp_path / "pooled.csv", tmp_path / "alone.csv"
    assert cli.main(["analyse", str(current), "--out", str(pooled), "--earlier", str(earlier)]) == 0
    assert cli.main(["analyse", str(current), "--out", str(alone)]) == 0
    committee.forget_models()
    ranked = committee.ranking(db, admin, 2026).table.drop_nulls("p_first")
    both = (ranked.select(pl.col("submission_id").cast(pl.Int64), "calibrated_mean", "p_first")
            .join(pl.read_csv(pooled).select("submission_id", "best_estimate", pl.col("p_first").alias("p")),
                  on="submission_id"))
    assert both.height == ranked.height > 0
    assert (both["calibrated_mean"] - both["best_estimate"]).abs().max() < 1e-9
    assert both["p_first"].to_list() == both["p"].to_list()
    assert not pl.read_csv(alone)["best_estimate"].equals(pl.read_csv(pooled)["best_estimate"])
    assert cli.main(["analyse", str(current), "--out", str(alone), "--earlier", str(tmp_path / "ingen.csv")]) == 2
