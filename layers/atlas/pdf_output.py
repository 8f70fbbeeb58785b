"""Export result checks and messages shared by the buurtatlas and the wijk pages."""
from qgis.core import QgsLayoutExporter

from ..common import WijkatlasCancelled, WijkatlasError


def check_result(result, error, feedback, what="buurtatlas", nothing="er is geen atlas geschreven"):
    """Raise WijkatlasCancelled / WijkatlasError (Dutch, naming `what`) unless the export succeeded."""
    if result == QgsLayoutExporter.ExportResult.Canceled or (feedback is not None and feedback.isCanceled()):
        raise WijkatlasCancelled(f"Het maken van de {what} is afgebroken; {nothing}.")
    if result != QgsLayoutExporter.ExportResult.Success:
        raise WijkatlasError(f"De {what} kon niet als PDF worden geschreven ({error or result}). "
                             "Controleer of de map schrijfbaar is en het bestand niet open staat.")


def tell(feedback, message, warning=False):
    """Send a message to Processing feedback; a plain QgsFeedback has no message channel."""
    method = getattr(feedback, "pushWarning" if warning else "pushInfo", None)
    if method is not None:
        method(message)
