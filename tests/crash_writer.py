"""Run by test_crash_staging.py in its own process: import participatie notes into a dossier, one file after another,
printing 'KLAAR <n>' after each finished import, until it is killed."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts"))

from bootstrap import start_qgis  # noqa: E402


def main(dossier, workdir, count):
    app, _ = start_qgis()
    import processing

    for n in range(count):
        csv = os.path.join(workdir, f"ronde_{n}.csv")
        with open(csv, "w", encoding="utf-8") as fh:
            fh.write("thema;tekst;buurtcode\n")
            fh.writelines(f"energie;Notitie {n}.{i};BU0363AA0{1 + i % 2}\n" for i in range(20))
        processing.run("wijkatlas:participatieimporteren",
                       {"INPUT": csv, "DOSSIER": dossier, "RAPPORT": "TEMPORARY_OUTPUT"})
        print(f"KLAAR {n}", flush=True)
    app.exitQgis()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
