def build_data_export(export_id: int) -> bool:
    from lms.accounts.services.data_export import data_export_complete

    return data_export_complete(export_id=export_id) is not None
