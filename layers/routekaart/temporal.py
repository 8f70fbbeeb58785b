"""Temporal properties from quarter fields, so QGIS's Temporal Controller plays the routekaart on the map."""
from qgis.core import Qgis

_START = ("make_datetime(to_int(left({f}, 4)), (to_int(right({f}, 1)) - 1) * 3 + 1, 1, 0, 0, 0)")


def quarter_start_expression(*fields):
    """Expression: the first moment of the first non-empty quarter field ('2027-Q2' -> 2027-04-01 00:00)."""
    return _START.format(f="coalesce(" + ", ".join(f'"{name}"' for name in fields) + ")")


def quarter_end_expression(*fields):
    """Expression: the first moment after the quarter, i.e. the start of the next one (end is exclusive)."""
    f = "coalesce(" + ", ".join(f'"{name}"' for name in fields) + ")"
    return (f"make_datetime(to_int(left({f}, 4)) + if(to_int(right({f}, 1)) = 4, 1, 0), "
            f"(to_int(right({f}, 1)) % 4) * 3 + 1, 1, 0, 0, 0)")


def set_quarter_temporal(layer, start_fields, end_fields):
    """Give `layer` start/end-from-expression temporal properties on quarter fields (actual before planned)."""
    props = layer.temporalProperties()
    props.setMode(Qgis.VectorTemporalMode.FeatureDateTimeStartAndEndFromExpressions)
    props.setStartExpression(quarter_start_expression(*start_fields))
    props.setEndExpression(quarter_end_expression(*end_fields))
    props.setLimitMode(Qgis.VectorTemporalLimitMode.IncludeBeginExcludeEnd)
    props.setFixedDuration(0)
    props.setDurationUnits(Qgis.TemporalUnit.Months)
    props.setIsActive(True)
    return props


def set_temporal_properties(layers):
    """Temporal properties on the dossier's measure layers (and plannen/koppelkansen when they have quarter fields).

    `layers`: name -> QgsVectorLayer. Layers other helpers add are handled only when their fields are known here.
    """
    done = []
    for name, layer in layers.items():
        names = layer.fields().names()
        if name.startswith("maatregelen_") and "start_kwartaal" in names:
            set_quarter_temporal(layer, ("werkelijk_start", "start_kwartaal"), ("werkelijk_eind", "eind_kwartaal"))
        elif {"start_kwartaal", "eind_kwartaal"} <= set(names):
            set_quarter_temporal(layer, ("start_kwartaal",), ("eind_kwartaal",))
        else:
            continue
        done.append(name)
    return done


