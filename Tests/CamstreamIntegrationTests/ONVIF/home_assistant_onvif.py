"""Walks a camera the way Home Assistant's ONVIF integration sets one up (homeassistant/components/onvif/device.py:
update_xaddrs, the clock check, device info with the MAC from the network interfaces, the media service's
capabilities, the H.264 profiles, a stream URI per profile and the snapshot), with the same library,
onvif-zeep-async. Prints one JSON line: what it found, or the fault that stopped it.

usage: home_assistant_onvif.py HOST PORT USER PASSWORD
"""

import asyncio
import json
import sys

from onvif import ONVIFCamera
from zeep.exceptions import Fault


async def walk(host, port, user, password):
    result = {"profiles": []}
    device = ONVIFCamera(host, port, user, password)
    try:
        # async_setup: the service addresses, then the camera's clock (HA warns when it drifts).
        await device.update_xaddrs()
        device_mgmt = await device.create_devicemgmt_service()
        clock = await device_mgmt.GetSystemDateAndTime()
        result["utc"] = "%04d-%02d-%02dT%02d:%02d:%02dZ" % (
            clock.UTCDateTime.Date.Year, clock.UTCDateTime.Date.Month, clock.UTCDateTime.Date.Day,
            clock.UTCDateTime.Time.Hour, clock.UTCDateTime.Time.Minute, clock.UTCDateTime.Time.Second)
        # async_get_device_info
        info = await device_mgmt.GetDeviceInformation()
        result["manufacturer"] = info.Manufacturer
        result["model"] = info.Model
        result["firmware"] = info.FirmwareVersion
        result["serial"] = info.SerialNumber
        interfaces = await device_mgmt.GetNetworkInterfaces()
        result["macs"] = [i.Info.HwAddress for i in interfaces if i.Enabled]
        capabilities = await device_mgmt.GetCapabilities({"Category": "All"})
        result["media_xaddr"] = capabilities.Media.XAddr
        # async_get_capabilities: the snapshot flag from the media service
        media = await device.create_media_service()
        media_capabilities = await media.GetServiceCapabilities()
        result["snapshot_capability"] = bool(media_capabilities and media_capabilities.SnapshotUri)
        # async_get_profiles: H.264 profiles only, with their resolution
        for profile in await media.GetProfiles():
            encoder = profile.VideoEncoderConfiguration
            if not encoder or encoder.Encoding != "H264":
                continue
            entry = {
                "token": profile.token,
                "source": profile.VideoSourceConfiguration.SourceToken,
                "width": encoder.Resolution.Width,
                "height": encoder.Resolution.Height,
                "fps": encoder.RateControl.FrameRateLimit,
                "bitrate": encoder.RateControl.BitrateLimit,
                "uris": {},
            }
            # async_get_stream_uri, and the other transports a recorder may ask for
            for protocol in ("RTSP", "UDP", "HTTP"):
                request = media.create_type("GetStreamUri")
                request.ProfileToken = profile.token
                request.StreamSetup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": protocol}}
                entry["uris"][protocol] = (await media.GetStreamUri(request)).Uri
            # camera.py's async_camera_image: the snapshot through the library, with Digest
            entry["snapshot_uri"] = await device.get_snapshot_uri(profile.token)
            image = await device.get_snapshot(profile.token)
            entry["snapshot_bytes"] = len(image) if image else 0
            entry["snapshot_is_jpeg"] = bool(image) and image[:3] == b"\xff\xd8\xff"
            result["profiles"].append(entry)
    except Fault as fault:
        result["fault"] = fault.message
        result["subcodes"] = [str(code) for code in (fault.subcodes or [])]
    finally:
        await device.close()
    return result


if __name__ == "__main__":
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    print(json.dumps(asyncio.run(walk(host, port, user, password))))
