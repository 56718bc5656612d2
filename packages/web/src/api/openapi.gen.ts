/**
 * Generated from the kernel's OpenAPI document by `npm run generate:api -w @heldar/web`; do not edit.
 * test/openapi-types.test.ts fails when this file and the kernel's routes disagree.
 */

export interface paths {
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and dependencies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: "ok" | "degraded";
                            version: string;
                            ffmpeg: {
                                available: boolean;
                                version: string | null;
                                error: string | null;
                            };
                            db: "ok" | "error";
                            uptime_s: number;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: "ok" | "degraded";
                            version: string;
                            ffmpeg: {
                                available: boolean;
                                version: string | null;
                                error: string | null;
                            };
                            db: "ok" | "error";
                            uptime_s: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List cameras */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cameras: components["schemas"]["Camera"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a camera */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Lower-case letters, digits, - and _; generated when absent. */
                        id?: string;
                        /** Format: single-line */
                        name: string;
                        enabled?: boolean;
                        record_enabled?: boolean;
                        /**
                         * @description continuous: always; scheduled: inside schedule windows; event: on triggers; scheduled_event: both.
                         * @enum {string}
                         */
                        record_mode?: "continuous" | "scheduled" | "event" | "scheduled_event";
                        /** @description Explicit stream URL (rtsp, rtsps, http, https, file). Overrides address/port/path. */
                        stream_url?: string | null;
                        /** @description Camera host name or IP; the RTSP URL is built from it. */
                        address?: string | null;
                        port?: number | null;
                        path?: string | null;
                        username?: string | null;
                        /** @description Write-only: never returned. */
                        password?: string | null;
                        /** @description Lower-resolution stream for the frame sampler. */
                        sub_stream_url?: string | null;
                        segment_seconds?: number;
                        record_audio?: boolean;
                        mirror_enabled?: boolean;
                        pre_roll_seconds?: number;
                        post_roll_seconds?: number;
                        /** @description Delete footage older than this; null keeps it until a byte budget needs the space. */
                        retention_days?: number | null;
                        /** @description Byte budget of this camera's recordings: the oldest unheld footage is deleted beyond it; null: none. */
                        retention_max_bytes?: number | null;
                        detect_fps?: number | null;
                        /** @description ONVIF device service URL (http or https, no credentials: the camera's username and password are used); enables PTZ and ONVIF events. */
                        onvif_url?: string | null;
                        /** @description ONVIF event topics that trigger event recording, e.g. `RuleEngine/CellMotionDetector/Motion` (a topic matches itself and the topics under it); empty: none. */
                        onvif_trigger_topics?: string[];
                        /** @description Several nodes: cameras with a higher priority move to a surviving node first (default 0). */
                        failover_priority?: number;
                        /** @description Several nodes: the node that records this camera while it is up (it comes back there after a failover); null: any. May name a node that has not joined yet. */
                        preferred_node_id?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Camera"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a camera */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Camera"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a camera
         * @description A camera with recordings is only deleted with `purge=true`, which deletes its recordings as well.
         */
        delete: {
            parameters: {
                query?: {
                    /** @description Also delete the camera's recordings (index rows and files). */
                    purge?: boolean;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a camera
         * @description Only the fields sent change. Send `password: null` to remove the stored password.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name?: string;
                        enabled?: boolean;
                        record_enabled?: boolean;
                        /**
                         * @description continuous: always; scheduled: inside schedule windows; event: on triggers; scheduled_event: both.
                         * @enum {string}
                         */
                        record_mode?: "continuous" | "scheduled" | "event" | "scheduled_event";
                        /** @description Explicit stream URL (rtsp, rtsps, http, https, file). Overrides address/port/path. */
                        stream_url?: string | null;
                        /** @description Camera host name or IP; the RTSP URL is built from it. */
                        address?: string | null;
                        port?: number | null;
                        path?: string | null;
                        username?: string | null;
                        /** @description Write-only: never returned. */
                        password?: string | null;
                        /** @description Lower-resolution stream for the frame sampler. */
                        sub_stream_url?: string | null;
                        segment_seconds?: number;
                        record_audio?: boolean;
                        mirror_enabled?: boolean;
                        pre_roll_seconds?: number;
                        post_roll_seconds?: number;
                        /** @description Delete footage older than this; null keeps it until a byte budget needs the space. */
                        retention_days?: number | null;
                        /** @description Byte budget of this camera's recordings: the oldest unheld footage is deleted beyond it; null: none. */
                        retention_max_bytes?: number | null;
                        detect_fps?: number | null;
                        /** @description ONVIF device service URL (http or https, no credentials: the camera's username and password are used); enables PTZ and ONVIF events. */
                        onvif_url?: string | null;
                        /** @description ONVIF event topics that trigger event recording, e.g. `RuleEngine/CellMotionDetector/Motion` (a topic matches itself and the topics under it); empty: none. */
                        onvif_trigger_topics?: string[];
                        /** @description Several nodes: cameras with a higher priority move to a surviving node first (default 0). */
                        failover_priority?: number;
                        /** @description Several nodes: the node that records this camera while it is up (it comes back there after a failover); null: any. May name a node that has not joined yet. */
                        preferred_node_id?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Camera"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/cameras/{id}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A camera's schedule windows */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schedules: {
                                days: number[];
                                time_start: string;
                                time_end: string;
                                enabled: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Replace a camera's schedule windows
         * @description Times are HH:MM in HELDAR_TZ; a window whose end is before its start runs overnight.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        schedules: {
                            /** @description Weekdays, 0 = Monday … 6 = Sunday. */
                            days: number[];
                            /** @description HH:MM, local time in HELDAR_TZ. */
                            time_start: string;
                            /** @description HH:MM; earlier than time_start means the window runs overnight. */
                            time_end: string;
                            /** @default true */
                            enabled?: boolean;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schedules: {
                                days: number[];
                                time_start: string;
                                time_end: string;
                                enabled: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every camera's recorder state
         * @description One request for a whole camera grid: the items of GET /api/cameras/:id/status, in the order of GET /api/cameras.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CameraStatusList"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A camera's recorder state */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CameraStatus"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start or extend event recording
         * @description Extends the event window to now + post_roll_seconds (never shortens it); the pre_roll_seconds before now are kept. 409 when the camera is not in event or scheduled_event mode, or not recording.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            window_end: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/internal/cameras/{id}/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A recording trigger for a camera this node records, from another node (node-signed) */
        post: {
            parameters: {
                query?: {
                    /** @description The node that signed the request. */
                    node?: string;
                    /** @description Expiry of the signature, UTC ms. */
                    exp?: string;
                    /** @description base64url HMAC-SHA256 of method, path, node and expiry. */
                    sig?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            window_end: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Indexed segments overlapping a range (at most 7 days), oldest first */
        get: {
            parameters: {
                query?: {
                    /** @description RFC 3339; default: `to` minus one hour. */
                    from?: string;
                    /** @description RFC 3339; default: now. */
                    to?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            segments: components["schemas"]["Segment"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event log, newest first */
        get: {
            parameters: {
                query?: {
                    camera_id?: string;
                    kind?: components["schemas"]["EventKind"];
                    /** @description RFC 3339; events at or after. */
                    from?: string;
                    /** @description RFC 3339; events before. */
                    to?: string;
                    limit?: number;
                    /** @description Cursor: only events with a smaller id. */
                    before_id?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: components["schemas"]["Event"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every event kind, with its severities and meaning
         * @description What a webhook or stream filter can name.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            types: {
                                kind: components["schemas"]["EventKind"];
                                severities: string[];
                                description: string;
                                payload: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in
         * @description Sets the httpOnly, SameSite=Strict session cookie `heldar_session`. Failed attempts are limited per user name and per client address (429 with Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        /** @description The password. */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["User"];
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            expires_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: ends the session on the server and clears the cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "user" | "api_key";
                            id: string;
                            name: string;
                            /**
                             * @description admin: everything; operator: cameras, recording, exports, incidents; viewer: watch only.
                             * @enum {string}
                             */
                            role: "viewer" | "operator" | "admin";
                            scopes: ("worker" | "integration" | "admin" | "metrics")[];
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            session_expires_at: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your own password
         * @description Ends your other sessions; this one stays signed in.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Your current password. */
                        current_password: string;
                        /** @description At least 12 characters. */
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            users: components["schemas"]["User"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Letters, digits and . _ @ -; case-insensitive. */
                        username: string;
                        /** @description At least 12 characters. */
                        password: string;
                        /**
                         * @description admin: everything; operator: cameras, recording, exports, incidents; viewer: watch only.
                         * @enum {string}
                         */
                        role?: "viewer" | "operator" | "admin";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a user
         * @description Ends their sessions. The last admin cannot be deleted.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a user's role or password
         * @description A new password ends the user's sessions (except the caller's own). The last admin cannot be demoted.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description admin: everything; operator: cameras, recording, exports, incidents; viewer: watch only.
                         * @enum {string}
                         */
                        role?: "viewer" | "operator" | "admin";
                        /** @description At least 12 characters; ends the user's sessions. */
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Without secrets; revoked keys stay listed with `revoked_at`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            keys: components["schemas"]["ApiKey"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API key
         * @description The response holds the key (`hk_<id>_<secret>`) once; only a hash is stored. Use it as `Authorization: Bearer <key>`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: single-line
                         * @description What the key is for, e.g. "gate-worker-1".
                         */
                        name: string;
                        scopes: ("worker" | "integration" | "admin" | "metrics")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            scopes: ("worker" | "integration" | "admin" | "metrics")[];
                            /** @description The key itself, shown only in this response: store it now. */
                            key: string;
                            /** @description Digest password for the RTSP restream (`rtsp://<key id>:<rtsp_password>@host:port/<camera id>`), shown only in this response. */
                            rtsp_password: string;
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            created_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Takes effect on the next request made with the key.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first
         * @description Every mutating call, sign-in and CLI change: actor, address, action, target, status and outcome.
         */
        get: {
            parameters: {
                query?: {
                    /** @description User name or key name (for sign-ins: the name tried). */
                    actor?: string;
                    /** @description Exact action, e.g. `login` or `POST /api/cameras`; a trailing `*` matches a prefix. */
                    action?: string;
                    outcome?: "ok" | "denied" | "failed" | "rejected" | "error" | "throttled";
                    /** @description RFC 3339; entries at or after. */
                    from?: string;
                    /** @description RFC 3339; entries before. */
                    to?: string;
                    limit?: number;
                    /** @description Cursor: only entries with a smaller id. */
                    before_id?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: components["schemas"]["AuditEntry"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Incidents, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Default: all. */
                    status?: "open" | "released" | "all";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            incidents: components["schemas"]["Incident"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Open an incident: hold the footage of some cameras in a range as evidence
         * @description While the incident is open, retention never deletes a segment of these cameras that overlaps [from, to) — including segments recorded later into the range. Release it to let retention work again.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        title: string;
                        notes?: string;
                        /** @description Ids of the cameras whose footage is held. */
                        cameras: string[];
                        /** @description RFC 3339: start of the held range. */
                        from: string;
                        /** @description RFC 3339: end of the held range; may lie in the future (footage recorded later into the range is held too). */
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Incident"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Release an incident: its footage is subject to retention again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Incident"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One incident */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Incident"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/storage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Disk usage per volume and per camera, with the days left at the current rate */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StorageReport"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recorded, outage and not-recording time of a camera in a range (at most 31 days) */
        get: {
            parameters: {
                query?: {
                    /** @description RFC 3339; default: `to` minus one day. */
                    from?: string;
                    /** @description RFC 3339; default: now. */
                    to?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Timeline"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/timeline/days": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recorded time per calendar day (server time zone) for a month view; whole days intersecting the range (at most 62 days) */
        get: {
            parameters: {
                query?: {
                    /** @description RFC 3339; default: `to` minus 30 days. */
                    from?: string;
                    /** @description RFC 3339; default: now. */
                    to?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TimelineDays"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a playback session: an HLS playlist of a camera’s recordings in a range, served from the recorded files */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        camera_id: string;
                        /** @description RFC 3339 start of the range. */
                        from: string;
                        /** @description RFC 3339 end of the range; at most HELDAR_MAX_PLAYBACK_SECONDS after `from`. */
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlaybackSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playback/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One playback session */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `pbs_` and letters or digits. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlaybackSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Close a playback session and release its footage */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `pbs_` and letters or digits. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/media/playback/{id}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A playback session’s HLS playlist or a recorded file it points into (Range supported) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description `index.m3u8` or `<segment id>.mp4`. */
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The playlist (application/vnd.apple.mpegurl) or a recorded file (video/mp4). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description The requested byte range of a recorded file. */
                206: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clips": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Exported clips, newest first */
        get: {
            parameters: {
                query?: {
                    camera_id?: string;
                    /** @description RFC 3339: only exports created before this time (the next page). */
                    before?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            clips: components["schemas"]["Clip"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Export a clip of a camera’s recordings: one MP4 (more when the codec changed), its SHA-256 and a signed manifest */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        camera_id: string;
                        /** @description RFC 3339 start of the range. */
                        from: string;
                        /** @description RFC 3339 end of the range; at most HELDAR_MAX_CLIP_SECONDS after `from`. */
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Clip"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clips/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Ed25519 public key that signs clip manifests */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            algorithm: "Ed25519";
                            /** @description First 16 hex digits of SHA-256 over the raw public key. */
                            key_id: string;
                            /** @description Raw 32-byte public key, base64 (as in manifests). */
                            public_key: string;
                            /** @description The same key as SPKI PEM (openssl, `heldar verify --key`). */
                            public_key_pem: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clips/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One exported clip */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `clip_` and 32 hex digits. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Clip"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an exported clip: its files, manifest and row */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `clip_` and 32 hex digits. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/footage.mp4": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Any range of a camera’s recordings as one MP4, served from the recorded files: the bytes a clip export would write, with length and ETag known up front and Range answered with 206 */
        get: {
            parameters: {
                query: {
                    /** @description RFC 3339 start; the file starts at the keyframe at or before it (header X-Footage-From). */
                    from: string;
                    /** @description RFC 3339 end; at most HELDAR_MAX_CLIP_SECONDS after `from`. */
                    to: string;
                    /** @description Send as an attachment (Content-Disposition) instead of inline. */
                    download?: boolean;
                };
                header?: never;
                path: {
                    /** @description Camera id. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                416: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/media/clips/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A clip’s MP4 or manifest; Range requests answered with 206 (416 when unsatisfiable) */
        get: {
            parameters: {
                query?: {
                    /** @description Send as an attachment (Content-Disposition) instead of inline. */
                    download?: boolean;
                };
                header?: never;
                path: {
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                416: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/snapshot.jpg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The camera's latest sampled frame, or its recorded frame at a moment (`at`)
         * @description Without `at`: the most recent JPEG frame of a camera with `detect_fps` set (scaled to HELDAR_SAMPLER_WIDTH). Headers: `x-heldar-frame-id`, `x-heldar-captured-at`. 409 when the camera is not sampled, 503 before its first frame. With `at`: the recorded frame at (or just before) that moment at the recorded size, decoded from the one fragment that holds it; header `x-heldar-frame-time`, cacheable. 400 for a bad `at`, 404 when no recording covers it (the message names the nearest recorded moment).
         */
        get: {
            parameters: {
                query?: {
                    /** @description RFC 3339 time such as 2026-05-01T12:00:00.500Z: the recorded frame at (or just before) it, decoded from the one recorded fragment that holds it. Without it: the perception sampler’s latest frame. */
                    at?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The JPEG image. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/jpeg": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/sampler": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A camera's frame sampler
         * @description State, wanted and measured fps, restarts, the last (masked) error, frames and drops, and the workers the camera is assigned to.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SamplerStatus"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered workers, newest first */
        get: {
            parameters: {
                query?: {
                    state?: "online" | "offline";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            workers: components["schemas"]["Worker"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a perception worker
         * @description Contract v1 (docs/workers.md). The answer names the worker id, the cameras assigned to it, and the WebSocket and pull paths for frames.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WorkerRegistration"];
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkerRegistered"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A worker */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Worker"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Deregister a worker
         * @description Its cameras go to other workers of the same name at once.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Heartbeat
         * @description Keeps the worker online (any call or WebSocket message does too). 404: the worker timed out or the kernel restarted; register again.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HeartbeatResponse"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{id}/frames/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pull the next frame (HTTP fallback to the WebSocket)
         * @description Long poll: the next frame for one of the worker's cameras, as image/jpeg with `x-heldar-frame-id`, `x-heldar-camera-id`, `x-heldar-seq`, `x-heldar-captured-at`, `x-heldar-width`, `x-heldar-height`; 204 when none came within wait_ms.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Long poll: wait this long for a frame before answering 204. */
                    wait_ms?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The JPEG frame. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/jpeg": string;
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Frames pushed over a WebSocket
         * @description Open as a WebSocket. Binary messages: 4-byte big-endian header length, JSON FrameHeader, JPEG bytes. Send {"type":"credit","frames":n} to receive n more frames, {"type":"heartbeat"} to stay online. Close codes: 4404 not registered, 4409 replaced, 4408 timed out, 4400 protocol error. A plain HTTP GET gets 426.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                426: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/detections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a frame's detections
         * @description 400: the body does not match the contract. 404: the worker is not registered. 409: this worker already answered the frame. 422: a label the worker did not register, a value outside 0..1, a box past the frame edge, or a frame that is unknown or too old — the message names the first problem and nothing is applied.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DetectionsRequest"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DetectionsAccepted"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A camera's zones */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            zones: components["schemas"]["Zone"][];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a zone
         * @description A polygon (3–64 corners in order) or a line (2 points) in normalised coordinates. An object is in a zone when the bottom-centre of its box is. Events: zone_enter, zone_exit, zone_dwell, line_cross.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name: string;
                        /**
                         * @description polygon: an area (3–64 corners in order); line: a tripwire of exactly 2 points.
                         * @enum {string}
                         */
                        kind: "polygon" | "line";
                        points: [
                            number,
                            number
                        ][];
                        /** @description Only these labels; [] (the default) for every label. */
                        labels?: string[];
                        /** @description Detections below this are ignored by the zone. Default 0.5. */
                        min_confidence?: number;
                        /** @description Frames an object must be seen on the new side before entering, leaving or crossing counts. Default 1. */
                        inertia_frames?: number;
                        /** @description zone_dwell once an object has been inside this long; 0 (default): no dwell events. */
                        dwell_seconds?: number;
                        /** @description Enter, dwell and line crossing open the camera's event-recording window (event cameras). */
                        trigger_recording?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Zone"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/zones/{zid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A zone */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    zid: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Zone"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a zone */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    zid: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a zone
         * @description Only the fields sent change. Changing the shape, labels or thresholds forgets who is inside (no exit events).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    zid: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name?: string;
                        /**
                         * @description polygon: an area (3–64 corners in order); line: a tripwire of exactly 2 points.
                         * @enum {string}
                         */
                        kind?: "polygon" | "line";
                        points?: [
                            number,
                            number
                        ][];
                        /** @description Only these labels; [] (the default) for every label. */
                        labels?: string[];
                        /** @description Detections below this are ignored by the zone. Default 0.5. */
                        min_confidence?: number;
                        /** @description Frames an object must be seen on the new side before entering, leaving or crossing counts. Default 1. */
                        inertia_frames?: number;
                        /** @description zone_dwell once an object has been inside this long; 0 (default): no dwell events. */
                        dwell_seconds?: number;
                        /** @description Enter, dwell and line crossing open the camera's event-recording window (event cameras). */
                        trigger_recording?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Zone"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/cameras/{id}/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A camera's tracks, most recently seen first
         * @description Objects followed over frames: first and last seen, detections, and the best frame (highest confidence) with its box.
         */
        get: {
            parameters: {
                query?: {
                    /** @description RFC 3339: tracks seen at or after. */
                    from?: string;
                    /** @description RFC 3339: tracks first seen before. */
                    to?: string;
                    label?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tracks: components["schemas"]["Track"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tracks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A track */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Track"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live events (server-sent events)
         * @description text/event-stream: every event logged from now on, as `id: <event id>` and `data: <event JSON>`. Filters: camera_id and kind (comma-separated; `zone_*` matches a prefix). Resume with the Last-Event-ID header (EventSource sends it when it reconnects) or ?after_id=: the events after that id are replayed first, with no gap and no duplicate.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Comma-separated camera ids. */
                    camera_id?: string;
                    /** @description Comma-separated kinds; `zone_*` matches a prefix. */
                    kind?: string;
                    /** @description Replay events after this id first (like the Last-Event-ID header). */
                    after_id?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The event stream. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook subscriptions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            webhooks: components["schemas"]["Webhook"][];
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Subscribe a URL to events
         * @description Events from now on are POSTed, signed (X-Heldar-Signature), at least once and in order. The answer carries the secret — generated when not given — this once; later answers show `***`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name: string;
                        /** @description http(s) URL the events are POSTed to; checked by the outbound guard (HELDAR_OUTBOUND_ALLOW). */
                        url: string;
                        /** @description Event kinds delivered; empty: every kind. */
                        kinds?: components["schemas"]["EventKind"][];
                        /**
                         * @description Only events at least this severe.
                         * @enum {string}
                         */
                        min_severity?: "info" | "warning" | "error";
                        /** @description Camera ids; empty: every camera and events of no camera. */
                        cameras?: string[];
                        /**
                         * Format: single-line
                         * @description HMAC key for X-Heldar-Signature; generated when not given.
                         */
                        secret?: string;
                        enabled?: boolean;
                        /** @description Deliveries in flight at once (default 8). Above 1 a receiver may see events out of order (each carries its id and time); 1 delivers in strict order, one at a time. */
                        max_in_flight?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Webhook"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a subscription and its delivery log */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change, pause or resume a subscription
         * @description `enabled: false` pauses delivery (the cursor stays, nothing is skipped); `enabled: true` resumes it, also after an automatic pause.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name?: string;
                        /** @description http(s) URL the events are POSTed to; checked by the outbound guard (HELDAR_OUTBOUND_ALLOW). */
                        url?: string;
                        /** @description Event kinds delivered; empty: every kind. */
                        kinds?: components["schemas"]["EventKind"][];
                        /**
                         * @description Only events at least this severe.
                         * @enum {string}
                         */
                        min_severity?: "info" | "warning" | "error";
                        /** @description Camera ids; empty: every camera and events of no camera. */
                        cameras?: string[];
                        /**
                         * Format: single-line
                         * @description HMAC key for X-Heldar-Signature; generated when not given.
                         */
                        secret?: string;
                        /** @description `true` also resumes a paused subscription (its failure count starts again). */
                        enabled?: boolean;
                        /** @description Deliveries in flight at once (default 8). Above 1 a receiver may see events out of order (each carries its id and time); 1 delivers in strict order, one at a time. */
                        max_in_flight?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Webhook"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a signed test delivery now
         * @description One attempt with `X-Heldar-Event: test`, whatever the subscription state; the answer is the logged delivery.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDelivery"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The delivery log, newest first
         * @description Every attempt: status, latency, error. The newest 1,000 per subscription are kept.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description Cursor: only log rows with a smaller id. */
                    before_id?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: components["schemas"]["WebhookDelivery"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/modules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The module catalog: domain apps built on this Heldar */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            modules: components["schemas"]["Module"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Register (or update) a module manifest
         * @description Name, version, the event kinds the module consumes and its UI link. With `base_url` the module is a sidecar: the answer carries, once, a new API key and webhook secret (replacing those of an earlier registration), and /m/<name>/* is proxied to it. 201 when new, 200 when the manifest replaced an earlier one.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Lower-case letters, digits, ., _ and -. */
                        name: string;
                        version: string;
                        description?: string;
                        /** @description Event kinds the module consumes (`zone_*` for a prefix); the stream filter it will use, and the kinds of a sidecar's webhook. */
                        consumes: string[];
                        /** @description Where the module's UI lives: an http(s) URL or a path on this server. */
                        ui_url?: string;
                        /** @description Registers the module as a sidecar: Heldar issues it an API key and a signed webhook, proxies /m/<name>/* to this URL and checks its health. */
                        base_url?: string;
                        /** @description A sidecar's entries in the UI's navigation. */
                        navigation?: {
                            label: string;
                            /** @description A path starting with /. */
                            path: string;
                        }[];
                        /** @description A sidecar's health check, GET <base_url><health_path> every 30 s (default /healthz). */
                        health_path?: string;
                        /** @description Where a sidecar receives its events, <base_url><webhook_path> (default /heldar/webhook). */
                        webhook_path?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModuleRegistered"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModuleRegistered"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/modules/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A module manifest */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits, ., _ and -. */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Module"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Remove a module from the catalog
         * @description A sidecar's API key is revoked, its webhook deleted and its proxy removed.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits, ., _ and -. */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/mqtt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * MQTT connection status
         * @description Whether MQTT is on and connected, the broker (password masked), the last error and message counts. Admin only.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Whether HELDAR_MQTT_URL is set. */
                            enabled: boolean;
                            connected: boolean;
                            /** @description The broker, credentials masked; null when MQTT is off. */
                            broker_url: string | null;
                            /** @description Topic prefix (HELDAR_MQTT_PREFIX). */
                            prefix: string;
                            /** @description Home Assistant's discovery prefix (HELDAR_MQTT_DISCOVERY_PREFIX). */
                            discovery_prefix: string;
                            /** @description Why the last connection failed or ended (masked); null while connected. */
                            last_error: string | null;
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            last_connected_at: string | null;
                            /** @description Messages the broker acknowledged since start. */
                            published: number;
                            /** @description Messages dropped since start: the outage queue was full, or the broker stopped acknowledging. */
                            dropped: number;
                            /** @description Messages waiting for the broker to come back. */
                            queued: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Email status
         * @description The SMTP settings in effect (never the password), the digest in progress, mails sent and the last error. Admin only.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Whether HELDAR_SMTP_HOST and HELDAR_SMTP_TO are set. */
                            enabled: boolean;
                            host: string | null;
                            port: number | null;
                            /** @description none, starttls or tls. */
                            tls: string;
                            from: string;
                            recipients: string[];
                            /** @description Events below it are not mailed. */
                            min_severity: string;
                            /** @description A burst is collected this long after its first event, then mailed as one digest. */
                            digest_seconds: number;
                            /** @description Events waiting for the current digest. */
                            pending: number;
                            /** @description Mails sent since start (digests and tests). */
                            sent: number;
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            last_sent_at: string | null;
                            /** @description Why the last mail failed (masked); null after a success. */
                            last_error: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/email/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test mail now
         * @description Sends a test mail to the recipients at once (no digest). 409 when email is off; 503 with the server's reason when sending fails.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sent: boolean;
                            /** @description The SMTP server's id of the mail. */
                            message_id: string;
                            recipients: string[];
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (text exposition format 0.0.4)
         * @description Needs an admin or an API key with the `metrics` scope, unless HELDAR_METRICS_PUBLIC=true (or the `metrics_public` setting). docs/operations.md lists the series.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The exposition text */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process serves */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: database answers, recordings volume writable, ffmpeg present */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "not_ready";
                            /** @description Each failing check, in words. */
                            reasons: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Settings that can change at run time
         * @description Each with the value in effect, where it comes from and what the environment gives.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            settings: components["schemas"]["Setting"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Change settings at run time
         * @description Values are text as the environment variable accepts it (`"500GiB"`, `"5%"`, `"true"`, `"80"`), validated by the same rules; null returns a setting to the environment value. A bad value is a 400 naming the setting and nothing is changed. Takes effect at once.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        retention_max_bytes?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        min_free?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        metrics_public?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        ready_min_recording_percent?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        camera_segment_seconds?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        camera_record_mode?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        camera_pre_roll_seconds?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        camera_post_roll_seconds?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        camera_retention_days?: string | null;
                        /** @description Text as the variable accepts it; null goes back to the environment value. */
                        camera_detect_fps?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            settings: components["schemas"]["Setting"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The node at a glance
         * @description Version, uptime, cameras by state, each volume, the write rate measured over the last 24 h of the index with the days until full and the days of footage kept at that rate, the last retention sweep and the disk health checks.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["System"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live view over a WebSocket (fMP4 for MSE)
         * @description Live view for Media Source Extensions. Open as a WebSocket (a plain GET gets 426). Everything is checked before the upgrade: authentication (session cookie or API key; viewers allowed), a foreign Origin (403), an unknown camera (404), a disabled one (409), the viewer limits (429, HELDAR_LIVE_MAX_VIEWERS / _PER_USER). Server → client: a text `{"type":"stream",…}` (MIME type, codecs, size, audio), the init segment (binary), then fragments (binary); a text `{"type":"sync","decode_time_ms","received_at"}` before every keyframe fragment; `{"type":"skipped","dropped":n}` after a slow client was skipped to a keyframe; `{"type":"end","reason"}` then close. A new `stream` message (higher generation) means the camera's ffmpeg restarted: reset the SourceBuffer. See docs/api.md, "Live view".
         */
        get: {
            parameters: {
                query?: {
                    /** @description Which camera stream (default main). `sub` on a camera without a sub-stream serves main; the first message says which. */
                    stream?: "main" | "sub";
                };
                header?: never;
                path: {
                    /** @description Camera id. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                426: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/live/index.m3u8": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live view as Low-Latency HLS: the media playlist (blocking reload with _HLS_msn/_HLS_part) */
        get: {
            parameters: {
                query: {
                    /** @description The camera stream: `sub` where the camera has one (grid tiles). */
                    stream: "main" | "sub";
                    /** @description Blocking reload: answer once the segment with this media sequence number is in the playlist. */
                    _HLS_msn?: number;
                    /** @description With _HLS_msn: answer once this part of that segment is in the playlist. */
                    _HLS_part?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The LL-HLS media playlist. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.apple.mpegurl": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/live/hls/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live view as Low-Latency HLS: an init segment, segment or part the playlist names */
        get: {
            parameters: {
                query: {
                    /** @description The camera stream: `sub` where the camera has one (grid tiles). */
                    stream: "main" | "sub";
                };
                header?: never;
                path: {
                    id: string;
                    /** @description `init-<generation>.mp4`, `seg-<msn>.mp4` or `part-<msn>.<part>.mp4`, as the playlist names them. */
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description fMP4 bytes: ftyp + moov, or moof + mdat pairs. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "video/mp4": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/discovery/onvif": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Find ONVIF cameras (WS-Discovery)
         * @description One Probe for NetworkVideoTransmitter, multicast to 239.255.255.250:3702 on one interface and unicast to the listed hosts; answers are collected for `timeout_ms`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description IPv4 address of the interface to multicast from; default HELDAR_DISCOVERY_INTERFACE, else the OS's choice. */
                        interface?: string;
                        /** @description Hosts (`host` or `host:port`, default port 3702) sent a unicast Probe, for networks without multicast. */
                        addresses?: string[];
                        /**
                         * @description How long answers are collected.
                         * @default 3000
                         */
                        timeout_ms?: number;
                        /**
                         * @description Send the Probe to 239.255.255.250:3702 as well.
                         * @default true
                         */
                        multicast?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            devices: {
                                /** @description The address the answer came from. */
                                address: string;
                                /** @description Device service URLs. */
                                xaddrs: string[];
                                scopes: string[];
                                /** @description From the onvif://www.onvif.org/name/ scope. */
                                name: string | null;
                                /** @description From the hardware scope (the model). */
                                hardware: string | null;
                                location: string | null;
                                /** @description The device's stable identity (urn:uuid:…). */
                                endpoint_reference: string;
                                /** @description A camera with this host or ONVIF URL exists. */
                                registered: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/discovery/scan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scan addresses for cameras
         * @description Starts a scan of exactly the listed addresses (at most 1,024) and answers 202 at once; progress arrives as `discovery_scan_progress` events, the end as `discovery_scan_done`, the result at GET /api/discovery/scans/:id.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A CIDR block (`192.168.1.0/24`), a range (`192.168.1.10-192.168.1.40` or `192.168.1.10-40`), addresses, or a comma-separated list of these; at most 1,024 addresses. */
                        targets: string;
                        /** @description Default 554, 8554 (RTSP), 80, 8080 (HTTP), 8000, 8899 (ONVIF). */
                        ports?: number[];
                        /** @description Logins to try, never others; one attempt per camera of a maker that locks accounts (Hikvision, Dahua, Amcrest), at most three on others. */
                        credentials?: {
                            username: string;
                            password: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            state: "running" | "done" | "failed" | "cancelled";
                            targets: number;
                            ports: number[];
                            /** @description Addresses whose ports were tried. */
                            scanned: number;
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            started_at: string;
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            finished_at: string | null;
                            /** @description Addresses with an open port, filled in when the scan is done. */
                            hosts: {
                                address: string;
                                open_ports: number[];
                                rtsp_port: number | null;
                                http_port: number | null;
                                /** @enum {string|null} */
                                vendor: "hikvision" | "dahua" | "axis" | "reolink" | "amcrest" | "generic" | null;
                                /** @description What the vendor guess rests on, e.g. `RTSP Server: Hikvision`. */
                                vendor_clue: string | null;
                                onvif: {
                                    xaddrs: string[];
                                    name: string | null;
                                    hardware: string | null;
                                } | null;
                                /** @description An RTSP URL ffprobe opened, password masked. */
                                rtsp_url: string | null;
                                /** @description Which of the request's credentials opened it. */
                                credential_index: number | null;
                                video: {
                                    codec: string;
                                    width: number | null;
                                    height: number | null;
                                } | null;
                                note: string | null;
                                registered: boolean;
                            }[];
                            error: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/discovery/scans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scan and its result */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            state: "running" | "done" | "failed" | "cancelled";
                            targets: number;
                            ports: number[];
                            /** @description Addresses whose ports were tried. */
                            scanned: number;
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            started_at: string;
                            /**
                             * Format: date-time
                             * @description RFC 3339 time, UTC in responses.
                             */
                            finished_at: string | null;
                            /** @description Addresses with an open port, filled in when the scan is done. */
                            hosts: {
                                address: string;
                                open_ports: number[];
                                rtsp_port: number | null;
                                http_port: number | null;
                                /** @enum {string|null} */
                                vendor: "hikvision" | "dahua" | "axis" | "reolink" | "amcrest" | "generic" | null;
                                /** @description What the vendor guess rests on, e.g. `RTSP Server: Hikvision`. */
                                vendor_clue: string | null;
                                onvif: {
                                    xaddrs: string[];
                                    name: string | null;
                                    hardware: string | null;
                                } | null;
                                /** @description An RTSP URL ffprobe opened, password masked. */
                                rtsp_url: string | null;
                                /** @description Which of the request's credentials opened it. */
                                credential_index: number | null;
                                video: {
                                    codec: string;
                                    width: number | null;
                                    height: number | null;
                                } | null;
                                note: string | null;
                                registered: boolean;
                            }[];
                            error: string | null;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/discovery/vendors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RTSP URL templates per camera maker */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            vendors: {
                                /** @enum {string} */
                                id: "hikvision" | "dahua" | "axis" | "reolink" | "amcrest" | "generic";
                                name: string;
                                rtsp_port: number;
                                main_path: string;
                                sub_path: string | null;
                                /** @description Locks the account after failed logins: a scan tries one credential only. */
                                locks_accounts: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backup/destinations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Backup destinations (secrets never shown) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            destinations: components["schemas"]["BackupDestination"][];
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a backup destination
         * @description `local` (a folder), `sftp` (host, port, username, password or private_key, path) or `s3` (endpoint, region, bucket, prefix, access_key_id, secret_key, path_style). Secrets are stored encrypted; answers show `*_set`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "local" | "sftp" | "s3";
                        /** Format: single-line */
                        name: string;
                        /**
                         * Format: single-line
                         * @description local: an absolute folder outside the recordings; sftp: an absolute folder on the server.
                         */
                        path?: string;
                        /**
                         * Format: single-line
                         * @description sftp: host name or address (checked by the outbound guard, HELDAR_OUTBOUND_ALLOW).
                         */
                        host?: string;
                        /** @description sftp: default 22. */
                        port?: number;
                        /**
                         * Format: single-line
                         * @description sftp
                         */
                        username?: string;
                        /** @description sftp: write-only; answers show `password_set`. */
                        password?: string;
                        /** @description sftp: an OpenSSH or PEM private key; write-only. */
                        private_key?: string;
                        /**
                         * Format: single-line
                         * @description sftp: the server's host key fingerprint (`ssh-keygen -l` prints it after `SHA256:`); null: not checked.
                         */
                        host_key_sha256?: string | null;
                        /**
                         * Format: single-line
                         * @description s3: the service URL, e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO URL.
                         */
                        endpoint?: string;
                        /**
                         * Format: single-line
                         * @description s3: default `us-east-1`.
                         */
                        region?: string;
                        /**
                         * Format: single-line
                         * @description s3
                         */
                        bucket?: string;
                        /**
                         * Format: single-line
                         * @description s3: key prefix inside the bucket.
                         */
                        prefix?: string;
                        /**
                         * Format: single-line
                         * @description s3
                         */
                        access_key_id?: string;
                        /** @description s3: write-only; answers show `secret_key_set`. */
                        secret_key?: string;
                        /** @description s3: path-style URLs (default true: MinIO and most self-hosted servers). */
                        path_style?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BackupDestination"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backup/destinations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a backup destination (the copies on it stay) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a backup destination
         * @description A secret not given stays as it is.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name?: string;
                        /**
                         * Format: single-line
                         * @description local: an absolute folder outside the recordings; sftp: an absolute folder on the server.
                         */
                        path?: string;
                        /**
                         * Format: single-line
                         * @description sftp: host name or address (checked by the outbound guard, HELDAR_OUTBOUND_ALLOW).
                         */
                        host?: string;
                        /** @description sftp: default 22. */
                        port?: number;
                        /**
                         * Format: single-line
                         * @description sftp
                         */
                        username?: string;
                        /** @description sftp: write-only; answers show `password_set`. */
                        password?: string;
                        /** @description sftp: an OpenSSH or PEM private key; write-only. */
                        private_key?: string;
                        /**
                         * Format: single-line
                         * @description sftp: the server's host key fingerprint (`ssh-keygen -l` prints it after `SHA256:`); null: not checked.
                         */
                        host_key_sha256?: string | null;
                        /**
                         * Format: single-line
                         * @description s3: the service URL, e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO URL.
                         */
                        endpoint?: string;
                        /**
                         * Format: single-line
                         * @description s3: default `us-east-1`.
                         */
                        region?: string;
                        /**
                         * Format: single-line
                         * @description s3
                         */
                        bucket?: string;
                        /**
                         * Format: single-line
                         * @description s3: key prefix inside the bucket.
                         */
                        prefix?: string;
                        /**
                         * Format: single-line
                         * @description s3
                         */
                        access_key_id?: string;
                        /** @description s3: write-only; answers show `secret_key_set`. */
                        secret_key?: string;
                        /** @description s3: path-style URLs (default true: MinIO and most self-hosted servers). */
                        path_style?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BackupDestination"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/backup/destinations/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Connect, write and remove a probe object */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BackupDestinationTest"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backup/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Backup policies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            policies: components["schemas"]["BackupPolicy"][];
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a backup policy */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name: string;
                        /** Format: single-line */
                        destination_id: string;
                        /** @description Cameras backed up; empty: every camera. */
                        camera_ids?: string[];
                        /** @description How often the scheduler runs the policy. */
                        every_minutes: number;
                        /** @description Footage recorded this far back from each run is copied (what the destination lacks). */
                        look_back_hours?: number;
                        /** @description Only footage held by incidents. */
                        only_incidents?: boolean;
                        /** @description Each run also uploads a fresh consistent copy of the database. */
                        include_database?: boolean;
                        /** @description false: the scheduler skips it; it can still be run by hand. */
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BackupPolicy"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backup/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a backup policy */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a backup policy */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name?: string;
                        /** Format: single-line */
                        destination_id?: string;
                        /** @description Cameras backed up; empty: every camera. */
                        camera_ids?: string[];
                        /** @description How often the scheduler runs the policy. */
                        every_minutes?: number;
                        /** @description Footage recorded this far back from each run is copied (what the destination lacks). */
                        look_back_hours?: number;
                        /** @description Only footage held by incidents. */
                        only_incidents?: boolean;
                        /** @description Each run also uploads a fresh consistent copy of the database. */
                        include_database?: boolean;
                        /** @description false: the scheduler skips it; it can still be run by hand. */
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BackupPolicy"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/backup/policies/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a policy now
         * @description Queues a job (at most 2 run at once). 409 while the policy already has a job waiting or running.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Read back and hash every copy the destination already holds (not only its size), re-sending any that differ. */
                        verify_all?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BackupJob"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backup/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Backup jobs, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    policy_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobs: components["schemas"]["BackupJob"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backup/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One backup job with its progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BackupJob"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backup/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a waiting or running job
         * @description What it copied stays recorded; the next run copies the rest.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BackupJob"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/probe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Probe a stream URL or an ONVIF device before adding it
         * @description `{url}` opens the stream with ffprobe; `{onvif: {url, username, password}}` asks the device for its identity, profiles, stream and snapshot URIs and PTZ. The password is used for this call only. 422: the camera refused the user or password; 502: the camera did not answer or answered nonsense.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description Either `{url}` or `{onvif: {url, username, password}}`. */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A stream URL (rtsp, rtsps, http, https) to open with ffprobe. */
                        url: string;
                    } | {
                        onvif: {
                            /** @description The device service URL, e.g. http://192.168.1.20/onvif/device_service. */
                            url: string;
                            username?: string;
                            /** @description Used for this call only; never returned. */
                            password?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProbeResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Probe an existing camera with its stored credentials
         * @description ONVIF when the camera has an `onvif_url`, else its stream. Same result as POST /api/cameras/probe.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProbeResult"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/ptz/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a continuous PTZ move
         * @description Moves until POST …/ptz/stop (hold to move).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Velocity, −1 (left) … 1 (right). */
                        pan: number;
                        /** @description Velocity, −1 (down) … 1 (up). */
                        tilt: number;
                        /** @description Velocity, −1 (out) … 1 (in). */
                        zoom: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/ptz/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a PTZ move */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/ptz/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The PTZ position */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            pan: number;
                            tilt: number;
                            zoom: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/ptz/presets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The camera's PTZ presets */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            presets: components["schemas"]["PtzPreset"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Store the current position as a preset */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: single-line */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PtzPreset"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/ptz/presets/{token}/goto": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move to a preset */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backfill/gaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recording gaps and their backfill state, oldest first */
        get: {
            parameters: {
                query?: {
                    camera_id?: string;
                    /** @description RFC 3339; default: 3 days before `to`. */
                    from?: string;
                    /** @description RFC 3339; default: now. */
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            gaps: components["schemas"]["BackfillGap"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backfill/sweep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Look for gaps and fill what is due now (the sweeper also runs every HELDAR_BACKFILL_INTERVAL_SECONDS) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Gaps found that were not known yet. */
                            detected: number;
                            filled: number;
                            failed: number;
                            unavailable: number;
                            /** @description Attempts that failed and will be tried again. */
                            retry: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cameras/{id}/backfill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A camera’s backfill settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CameraBackfill"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Turn backfill on or off for a camera and set its replay URL template */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        enabled: boolean;
                        /** @description rtsp:// URL with `{start}` and `{end}` (UTC, YYYYMMDDThhmmssZ) and optionally `{host}` (the camera’s host:port); the camera’s credentials are added as for recording. */
                        replay_url_template?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CameraBackfill"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/archives": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Evidence archives, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            archives: components["schemas"]["Archive"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start an evidence archive: one zip with a clip per camera, the incident’s notes and a signed manifest (a job; poll GET /api/archives/:id) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The cameras whose footage goes in, one clip each. */
                        camera_ids: string[];
                        /** @description RFC 3339 start of the range. */
                        from: string;
                        /** @description RFC 3339 end of the range; at most HELDAR_MAX_CLIP_SECONDS after `from` (as for clips). */
                        to: string;
                        /** @description An incident whose notes go in (incident/notes.txt). */
                        incident_id?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Archive"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/archives/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One archive job: state, progress and, once completed, size and SHA-256 */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `arc_` and 32 hex digits. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Archive"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/archives/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The archive’s zip (Range answered with 206); 404 until it is completed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `arc_` and 32 hex digits. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                416: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The nodes sharing this database, with health, cameras, capacity and free space
         * @description SQLite: the one node. PostgreSQL: every node that ever joined; `healthy` is false once its heartbeat is older than one lease.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            nodes: components["schemas"]["Node"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{id}/drain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Drain a node for maintenance: it hands its cameras to the other nodes and takes none
         * @description Each camera is stopped on the draining node (its last segment finished and indexed), then handed to the live node with the most room (or its preferred node), which starts recording at its next heartbeat. A camera no other node can take stays where it is.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Node"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a drained node: it takes cameras again
         * @description Cameras that name it as `preferred_node_id` come back to it; others stay where they are until a failover spreads them.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Node"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/internal/segments/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A segment file on this node, for another node (node-signed; Range supported) */
        get: {
            parameters: {
                query?: {
                    /** @description The node that signed the request. */
                    node?: string;
                    /** @description Expiry of the signature, UTC ms. */
                    exp?: string;
                    /** @description base64url HMAC-SHA256 of method, path, node and expiry. */
                    sig?: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The recorded file (video/mp4). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description The requested byte range of it. */
                206: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                416: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Error */
        Error: {
            /** @description Machine-readable kind, e.g. bad_request, not_found. */
            error: string;
            /** @description What went wrong, for a person. */
            message: string;
        };
        /** Camera */
        Camera: {
            id: string;
            name: string;
            enabled: boolean;
            record_enabled: boolean;
            /**
             * @description continuous: always; scheduled: inside schedule windows; event: on triggers; scheduled_event: both.
             * @enum {string}
             */
            record_mode: "continuous" | "scheduled" | "event" | "scheduled_event";
            /** @description The explicit URL with its password masked. */
            stream_url: string | null;
            /** @description The URL the recorder opens, password masked. */
            record_url: string | null;
            address: string | null;
            port: number | null;
            path: string | null;
            username: string | null;
            /** @description Whether a password is stored (the password itself is never returned). */
            password_set: boolean;
            sub_stream_url: string | null;
            segment_seconds: number;
            record_audio: boolean;
            mirror_enabled: boolean;
            pre_roll_seconds: number;
            post_roll_seconds: number;
            retention_days: number | null;
            retention_max_bytes: number | null;
            detect_fps: number | null;
            onvif_url: string | null;
            onvif_trigger_topics: string[];
            failover_priority: number;
            preferred_node_id: string | null;
            /** @description The node holding its lease: it records the camera when the camera records, and indexes its footage; null: none (failing over). */
            node_id: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
        };
        /** CameraStatus */
        CameraStatus: {
            camera_id: string;
            /** @enum {string} */
            state: "connecting" | "recording" | "idle" | "error" | "offline" | "disabled";
            pid: number | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            since: string;
            /** @description Masked: never contains a password. */
            last_error: string | null;
            reconnect_count: number;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            last_segment_at: string | null;
        };
        /** Segment */
        Segment: {
            id: number;
            camera_id: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            start_time: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            end_time: string;
            duration_s: number;
            codec: string;
            width: number | null;
            height: number | null;
            size_bytes: number;
        };
        /**
         * EventKind
         * @description What happened; docs/api.md lists every kind with its severity and payload.
         * @enum {string}
         */
        EventKind: "camera_added" | "camera_updated" | "camera_deleted" | "camera_schedule_updated" | "camera_offline" | "camera_online" | "camera_resolution_changed" | "recorder_error" | "recorder_unhealthy" | "recorder_stalled" | "recorder_audio_dropped" | "recorder_orphans_killed" | "recording_triggered" | "recording_degraded" | "recording_restored" | "mirror_error" | "mirror_recovered" | "mirror_segments_restored" | "segment_repaired" | "segment_quarantined" | "segment_missing" | "recovery_indexed" | "storage_pressure" | "storage_pressure_cleared" | "storage_floor_deleting" | "incident_opened" | "incident_released" | "clip_exported" | "clip_deleted" | "sampler_online" | "sampler_stalled" | "sampler_offline" | "worker_online" | "worker_offline" | "zone_enter" | "zone_exit" | "zone_dwell" | "line_cross" | "zone_trigger_failed" | "disk_smart_warning" | "raid_degraded" | "webhook_paused" | "discovery_scan_progress" | "discovery_scan_done" | "backup_job_progress" | "backup_job_done" | "onvif_motion" | "onvif_line_crossed" | "onvif_field_detected" | "onvif_event" | "onvif_events_lost" | "backfill_finished" | "archive_created" | "camera_failed_over" | "node_joined" | "segment_fenced";
        /** Event */
        Event: {
            id: number;
            camera_id: string | null;
            kind: components["schemas"]["EventKind"];
            severity: string;
            payload: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            at: string;
        };
        /** User */
        User: {
            id: string;
            username: string;
            /**
             * @description admin: everything; operator: cameras, recording, exports, incidents; viewer: watch only.
             * @enum {string}
             */
            role: "viewer" | "operator" | "admin";
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            last_login_at: string | null;
        };
        /** ApiKey */
        ApiKey: {
            id: string;
            name: string;
            scopes: ("worker" | "integration" | "admin" | "metrics")[];
            created_by: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            last_used_at: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            revoked_at: string | null;
        };
        /** AuditEntry */
        AuditEntry: {
            id: number;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            at: string;
            /** @enum {string} */
            actor_kind: "user" | "api_key" | "anonymous" | "cli" | "system";
            actor_id: string | null;
            actor: string | null;
            ip: string | null;
            action: string;
            method: string | null;
            route: string | null;
            target_id: string | null;
            status: number | null;
            outcome: string;
            detail: {
                [key: string]: unknown;
            } | null;
        };
        /** Incident */
        Incident: {
            id: number;
            title: string;
            notes: string;
            cameras: string[];
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            from: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            to: string;
            /** @enum {string} */
            status: "open" | "released";
            created_by: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            released_at: string | null;
            released_by: string | null;
            /** @description Indexed segments of these cameras overlapping the range now (held while open). */
            segments: number;
            /** @description Their size in bytes. */
            bytes: number;
        };
        /** Clip */
        Clip: {
            id: string;
            camera_id: string;
            /** @description The (first) MP4 file. */
            filename: string;
            url: string;
            download_url: string;
            /** @description The signed manifest; check it with `heldar verify`. */
            manifest_url: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            from: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            to: string;
            requested_seconds: number;
            /** @description Seconds of the range with recorded footage. */
            covered_seconds: number;
            /** @description Unrecorded spans within the range (a seam under 1 s is not a gap); the clip plays across them. */
            gaps: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
            }[];
            /** @description All files of the clip together. */
            size_bytes: number;
            /** @description Recorded segments the clip was cut from. */
            segment_count: number;
            /** @description SHA-256 of the (first) MP4 file, hex. */
            sha256: string;
            /**
             * @description fragments: assembled in-process from the recorded fragments; ffmpeg_concat: ffmpeg stream copy (sources that are not fragmented MP4).
             * @enum {string}
             */
            method: "fragments" | "ffmpeg_concat";
            /** @description Every MP4 of the clip: more than one when the codec configuration changed within the range. */
            files: {
                filename: string;
                /** @description Inline (for a video element), Range supported. */
                url: string;
                /** @description The same bytes as an attachment. */
                download_url: string;
                size_bytes: number;
                sha256: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
            }[];
            exported_by: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
        };
        /** Worker */
        Worker: {
            id: string;
            name: string;
            version: string;
            labels: string[];
            cameras: string[];
            fps: number | null;
            /** @enum {string} */
            state: "online" | "offline";
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            registered_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            last_seen_at: string;
            assigned_cameras: string[];
            /** @enum {string|null} */
            transport: "push" | "pull" | null;
            credits: number;
            frames_sent: number;
            frames_dropped: number;
            frames_skipped: number;
        };
        /** Detection */
        Detection: {
            label: string;
            /** @description 0..1 */
            confidence: number;
            /** @description [x, y, w, h] of the top-left corner and size, normalised to 0..1 of the frame (y down). */
            box: [
                number,
                number,
                number,
                number
            ];
            /** @description The worker's own track id; without it the kernel associates boxes by overlap (IoU). */
            track_id?: string;
        };
        /** Zone */
        Zone: {
            id: number;
            camera_id: string;
            name: string;
            /**
             * @description polygon: an area (3–64 corners in order); line: a tripwire of exactly 2 points.
             * @enum {string}
             */
            kind: "polygon" | "line";
            points: [
                number,
                number
            ][];
            labels: string[];
            min_confidence: number;
            inertia_frames: number;
            dwell_seconds: number;
            trigger_recording: boolean;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
        };
        /** Track */
        Track: {
            id: string;
            camera_id: string;
            worker: string;
            label: string;
            external_id: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            first_seen: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            last_seen: string;
            detections: number;
            best_frame: {
                frame_id: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                at: string;
                confidence: number;
                box: number[];
            };
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            closed_at: string | null;
        };
        /** Webhook */
        Webhook: {
            id: string;
            name: string;
            url: string;
            kinds: string[];
            min_severity: string;
            cameras: string[];
            /** @description The full secret only in the answer that created the subscription; `***` afterwards. */
            secret: string;
            enabled: boolean;
            /**
             * @description `paused`: disabled by repeated failures.
             * @enum {string}
             */
            state: "active" | "paused" | "disabled";
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            paused_at: string | null;
            pause_reason: string | null;
            consecutive_failures: number;
            /** @description Deliveries in flight at once; 1: strict order. */
            max_in_flight: number;
            /** @description The module sidecar this subscription was issued to. */
            module: string | null;
            created_by: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
        };
        /** WebhookDelivery */
        WebhookDelivery: {
            id: number;
            /** @description The X-Heldar-Delivery header: the same on every attempt. */
            delivery_id: string;
            event_id: number | null;
            event_kind: string;
            attempt: number;
            /** @description The receiver's HTTP status; null when none came. */
            status: number | null;
            ok: boolean;
            error: string | null;
            latency_ms: number;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            at: string;
        };
        /** Module */
        Module: {
            name: string;
            version: string;
            description: string | null;
            consumes: string[];
            ui_url: string | null;
            registered_by: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
            /** @description Set when the module was registered with a base_url. */
            sidecar: {
                base_url: string;
                /** @description Where Heldar serves the sidecar: /m/<name>/. */
                proxy_path: string;
                navigation: {
                    label: string;
                    /** @description A path starting with /. */
                    path: string;
                }[];
                webhook_id: string;
                api_key_id: string;
                /** @enum {string} */
                health: "unknown" | "up" | "down";
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                health_checked_at: string | null;
                health_error: string | null;
            } | null;
        };
        /** Setting */
        Setting: {
            /** @enum {string} */
            name: "retention_max_bytes" | "min_free" | "metrics_public" | "ready_min_recording_percent" | "camera_segment_seconds" | "camera_record_mode" | "camera_pre_roll_seconds" | "camera_post_roll_seconds" | "camera_retention_days" | "camera_detect_fps";
            /** @description The environment variable that gives the value at start. */
            variable: string;
            /** @description The accepted values, in words. */
            type: string;
            description: string;
            /** @description The value in effect, as text the variable accepts. */
            value: string;
            /**
             * @description `stored`: set through this API; `environment`: from the variable or its default.
             * @enum {string}
             */
            source: "stored" | "environment";
            /** @description The value the environment gives (in effect again once the stored one is cleared). */
            environment_value: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string | null;
            updated_by: string | null;
        };
        /** BackupDestination */
        BackupDestination: {
            id: string;
            name: string;
            /** @enum {string} */
            kind: "local" | "sftp" | "s3";
            path: string | null;
            host: string | null;
            port: number | null;
            username: string | null;
            host_key_sha256: string | null;
            endpoint: string | null;
            region: string | null;
            bucket: string | null;
            prefix: string | null;
            access_key_id: string | null;
            path_style: boolean | null;
            password_set: boolean;
            private_key_set: boolean;
            secret_key_set: boolean;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
        };
        /** BackupPolicy */
        BackupPolicy: {
            id: string;
            name: string;
            destination_id: string;
            camera_ids: string[];
            every_minutes: number;
            look_back_hours: number;
            only_incidents: boolean;
            include_database: boolean;
            enabled: boolean;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            last_run_at: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
        };
        /** BackupJob */
        BackupJob: {
            id: string;
            policy_id: string;
            destination_id: string;
            /** @enum {string} */
            state: "pending" | "running" | "completed" | "failed" | "cancelled";
            files_total: number;
            /** @description Files copied and verified by this job. */
            files_done: number;
            /** @description Files the destination already held. */
            files_skipped: number;
            bytes_total: number;
            bytes_done: number;
            /** @description Copies found damaged or missing on the destination and sent again. */
            resent: number;
            error: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            finished_at: string | null;
        };
        /** PtzPreset */
        PtzPreset: {
            token: string;
            name: string;
        };
        /** BackfillGap */
        BackfillGap: {
            id: number;
            camera_id: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            from: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            to: string;
            /** @description `pending` → `filling` → `filled` | `failed` (tried HELDAR_BACKFILL_MAX_ATTEMPTS times, or only partly filled) | `unavailable` (the camera has no recording of it, or the gap is too old). */
            state: "pending" | "filling" | "filled" | "failed" | "unavailable";
            attempts: number;
            /** @description Footage the backfill indexed inside the gap. */
            filled_seconds: number;
            /** @description Why the last attempt did not fill it (credentials masked). */
            error: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
        };
        /** Archive */
        Archive: {
            id: string;
            camera_ids: string[];
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            from: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            to: string;
            incident_id: number | null;
            state: "pending" | "running" | "completed" | "failed";
            progress: number;
            /** @description Recorded footage in the range when asked for: what the size cap (HELDAR_ARCHIVE_MAX_MB) was checked against. */
            estimated_bytes: number;
            /** @description The zip, once completed. */
            size_bytes: number | null;
            /** @description SHA-256 of the zip, once completed. */
            sha256: string | null;
            /** @description Once completed: GET it for the zip. */
            download_url: string | null;
            error: string | null;
            created_by: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            finished_at: string | null;
        };
        /** Node */
        Node: {
            id: string;
            /** @description How peers reach it (HELDAR_NODE_URL); null: not set. */
            url: string | null;
            /**
             * @description active: records and takes cameras; draining: hands its cameras to the others and takes none; stopped: shut down cleanly.
             * @enum {string}
             */
            state: "active" | "draining" | "stopped";
            /** @description Its heartbeat is fresher than one lease (HELDAR_NODE_LEASE_SECONDS). */
            healthy: boolean;
            /** @description The node that answered this request. */
            self: boolean;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            heartbeat_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            started_at: string;
            cameras: {
                count: number;
                /** @description The cameras it holds a live lease on (records). */
                ids: string[];
            };
            /** @description The most cameras it records (HELDAR_NODE_CAPACITY). */
            capacity: number;
            /** @description Free space of its recordings volume at the last heartbeat. */
            free_bytes: number | null;
            total_bytes: number | null;
            version: string | null;
        };
        /** CameraStatusList */
        CameraStatusList: {
            statuses: components["schemas"]["CameraStatus"][];
        };
        /** StorageReport */
        StorageReport: {
            volumes: {
                /** @enum {string} */
                name: "recordings" | "mirror";
                total_bytes: number | null;
                /** @description total − free: everything on the volume, not only recordings. */
                used_bytes: number | null;
                /** @description Space Heldar can still write. */
                free_bytes: number | null;
                /** @description The free-space floor retention keeps (0: none). */
                min_free_bytes: number;
                /** @description The byte budget for recordings on this volume (null: none). */
                max_bytes: number | null;
                /** @description Bytes of Heldar's segment files on this volume (mirror: as of the last sweep). */
                recorded_bytes: number | null;
                /** @description Days until a byte limit (camera budget, global budget, free-space floor) is reached at the current recording rate — from then on retention deletes footage to make room. 0: reached already; null: no limit applies or nothing is being recorded. */
                estimated_days_left: number | null;
                /** @description Why the volume could not be measured. */
                error: string | null;
            }[];
            cameras: {
                camera_id: string;
                bytes: number;
                segments: number;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                oldest: string | null;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                newest: string | null;
                /** @description Average over the last 24 h (or since the oldest segment when younger). */
                bytes_per_hour: number;
                retention_days: number | null;
                retention_max_bytes: number | null;
                /** @description Days until a byte limit (camera budget, global budget, free-space floor) is reached at the current recording rate — from then on retention deletes footage to make room. 0: reached already; null: no limit applies or nothing is being recorded. */
                estimated_days_left: number | null;
            }[];
            holds: {
                open_incidents: number;
                active_leases: number;
            };
            /** @description Per node: its volume’s footage and free space (one entry on SQLite). `volumes` and `cameras` are this node’s. */
            nodes: {
                /** @description The node whose volume holds the files; null: segments recorded before nodes existed (several nodes). */
                node_id: string | null;
                /** @description Bytes of segment files on its volume (from the index). */
                recorded_bytes: number;
                segments: number;
                /** @description Free space of its recordings volume: measured now for this node, as of its last heartbeat for the others. */
                free_bytes: number | null;
                total_bytes: number | null;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                heartbeat_at: string | null;
            }[];
            total: {
                recorded_bytes: number;
                segments: number;
                /** @description Sum over the nodes; null when a node has not reported its volume. */
                free_bytes: number | null;
                total_bytes: number | null;
            };
            last_sweep: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                at: string;
                duration_ms: number;
                deleted_segments: number;
                bytes_freed: number;
                mirror_files_deleted: number;
                /** @description Storage pressure episodes in progress, e.g. free_space, camera_bytes:door. */
                pressure: string[];
            } | null;
        };
        /** Timeline */
        Timeline: {
            camera_id: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            from: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            to: string;
            /** @description Recorded stretches; seams under 1 s between segments are closed. */
            spans: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
            }[];
            /** @description Unrecorded stretches of at least 1 s, and any unrecorded time at the edges, up to now (the future is no gap). `periods` says why each is unrecorded. */
            gaps: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
            }[];
            /** @description The range up to now, cut into recorded, outage and not_recording periods, in order and without overlap; nothing after now. */
            periods: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
                /** @description `recorded`: footage. `outage`: the camera should have been recording and was not (camera or recorder failure, Heldar not running). `not_recording`: nothing recorded by design. */
                kind: "recorded" | "outage" | "not_recording";
                /** @description recorded: `footage`. outage: `camera_offline` (the recorder reported the camera unreachable or failing; see detail) or `no_footage` (it should have been recording: nothing was indexed). not_recording: `before_camera_existed`, `camera_disabled`, `recording_disabled` (current setting, since its last change), `outside_schedule`, `waiting_for_trigger` (an event camera between triggers), `being_written` (the segment ffmpeg is writing now). */
                reason: "footage" | "camera_offline" | "no_footage" | "before_camera_existed" | "camera_disabled" | "recording_disabled" | "outside_schedule" | "waiting_for_trigger" | "being_written";
                /** @description For camera_offline: what the recorder reported (credentials masked). */
                detail: string | null;
            }[];
            covered_seconds: number;
            /** @description The parts of `spans` whose footage was fetched afterwards from the camera’s own storage (gap backfill), seam-merged: drawn apart from live footage. */
            backfilled: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
            }[];
            /** @description Recording gaps found by gap backfill in the range and how far filling them got (see GET /api/backfill/gaps). */
            backfill: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
                state: "pending" | "filling" | "filled" | "failed" | "unavailable";
                error: string | null;
            }[];
        };
        /** TimelineDays */
        TimelineDays: {
            camera_id: string;
            time_zone: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            from: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            to: string;
            days: {
                /** @description YYYY-MM-DD in the server time zone (HELDAR_TZ). */
                date: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
                recorded_seconds: number;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                first: string | null;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                last: string | null;
            }[];
        };
        /** PlaybackSession */
        PlaybackSession: {
            /** @description `pbs_` and 32 hex digits. */
            id: string;
            camera_id: string;
            /** @description HLS media playlist (RFC 8216 v7, fMP4) pointing into the recorded files. */
            playlist_url: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            from: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            to: string;
            /** @description Length of the requested range. */
            duration_s: number;
            /** @description Recorded files the playlist plays from. */
            segment_count: number;
            /** @description Recorded part of the range. */
            covered_seconds: number;
            /** @description Unrecorded parts of the range: the playlist steps over them (EXT-X-DISCONTINUITY). */
            gaps: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                from: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                to: string;
            }[];
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            expires_at: string;
        };
        /** SamplerStatus */
        SamplerStatus: {
            camera_id: string;
            /**
             * @description `off`: the camera has no detect_fps or is disabled.
             * @enum {string}
             */
            state: "starting" | "sampling" | "offline" | "error" | "stopped" | "off";
            /** @enum {string|null} */
            source: "sub_stream" | "main_stream" | null;
            fps: number | null;
            measured_fps: number | null;
            width: number | null;
            frame_width: number | null;
            frame_height: number | null;
            pid: number | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            since: string | null;
            restarts: number;
            /** @description Masked: never contains a password. */
            last_error: string | null;
            frames: number;
            /** @description Frames of this camera that a worker did not get because it had no credit (replaced by a newer one). */
            frames_dropped: number;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            last_frame_at: string | null;
            last_frame_id: string | null;
            /** @description Workers the camera is assigned to. */
            workers: string[];
        };
        /** WorkerRegistration */
        WorkerRegistration: {
            /** @description What the worker is (e.g. `yolo-person`). Workers with the same name share the cameras between them; different names each get every camera they want. */
            name: string;
            version: string;
            /** @description Capabilities: the labels this worker reports. Detections with any other label are refused. */
            labels: string[];
            /** @description Camera ids wanted, or ["*"] (the default) for every sampled camera. */
            cameras?: string[];
            /** @description At most this many frames per second per camera (default: every sampled frame). */
            fps?: number;
            /** @enum {number} */
            contract_version?: 1;
        };
        /** WorkerRegistered */
        WorkerRegistered: {
            worker_id: string;
            /** @enum {number} */
            contract_version: 1;
            /** @description Send a heartbeat (or any message) at least this often. */
            heartbeat_interval_s: number;
            /** @description Silent this long, the worker is offline and must register again. */
            timeout_s: number;
            /** @description Most frames in flight to the worker at once (credit cap). */
            max_credits: number;
            assigned_cameras: string[];
            /** @description WebSocket path for pushed frames. */
            stream_path: string;
            /** @description HTTP path to pull the next frame (long poll). */
            pull_path: string;
        };
        /** HeartbeatResponse */
        HeartbeatResponse: {
            worker_id: string;
            /** @enum {string} */
            state: "online";
            assigned_cameras: string[];
            frames_sent: number;
            frames_dropped: number;
        };
        /** DetectionsRequest */
        DetectionsRequest: {
            worker_id: string;
            frame_id: string;
            camera_id: string;
            /** @description Everything found in the frame; [] when nothing was. */
            detections: components["schemas"]["Detection"][];
        };
        /** DetectionsAccepted */
        DetectionsAccepted: {
            frame_id: string;
            accepted: number;
            /** @description The kernel's track id of each detection, in order. */
            track_ids: string[];
            /** @description Kinds of the zone events this frame caused. */
            events: string[];
        };
        /** ModuleRegistered */
        ModuleRegistered: {
            name: string;
            version: string;
            description: string | null;
            consumes: string[];
            ui_url: string | null;
            registered_by: string | null;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            updated_at: string;
            /** @description Set when the module was registered with a base_url. */
            sidecar: {
                base_url: string;
                /** @description Where Heldar serves the sidecar: /m/<name>/. */
                proxy_path: string;
                navigation: {
                    label: string;
                    /** @description A path starting with /. */
                    path: string;
                }[];
                webhook_id: string;
                api_key_id: string;
                /** @enum {string} */
                health: "unknown" | "up" | "down";
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                health_checked_at: string | null;
                health_error: string | null;
            } | null;
            /** @description Only in this answer: a new key and subscription replace the ones of an earlier registration. */
            credentials?: {
                /** @description An API key with the integration scope, for the sidecar. */
                api_key: string;
                webhook_id: string;
                /** @description Signs the sidecar's webhook deliveries and the X-Heldar-User headers of proxied requests. */
                webhook_secret: string;
            };
        };
        /** System */
        System: {
            version: string;
            /**
             * Format: date-time
             * @description RFC 3339 time, UTC in responses.
             */
            started_at: string;
            uptime_seconds: number;
            cameras: {
                total: number;
                by_state: {
                    connecting: number;
                    recording: number;
                    idle: number;
                    error: number;
                    offline: number;
                    disabled: number;
                };
            };
            volumes: {
                /** @enum {string} */
                name: "recordings" | "mirror";
                path: string;
                total_bytes: number;
                used_bytes: number;
                free_bytes: number;
            }[];
            footage: {
                bytes: number;
                segments: number;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                oldest: string | null;
                /** @description Segment bytes that started in the last 24 h, scaled to a day when the index is younger. */
                write_rate_bytes_per_day: number | null;
                /** @description Hours the rate was measured over (24 at most, 1 at least). */
                rate_window_hours: number;
                /** @description Free space above the free-space floor, within the byte budget. */
                room_bytes: number;
                /** @description room_bytes ÷ the rate: when retention starts deleting. */
                days_until_full: number | null;
                /** @description (footage + room) ÷ the rate: how many days the volume keeps at this rate. */
                days_of_footage: number | null;
            };
            last_sweep: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                at: string;
                duration_ms: number;
                deleted_segments: number;
                freed_bytes: number;
                files_failed: number;
            } | null;
            disk_health: {
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC in responses.
                 */
                checked_at: string;
                devices: {
                    device: string;
                    /** @description `passed`, `failed` or `unknown` (no verdict: no SMART support, smartctl could not run). */
                    status: string;
                    detail: string;
                }[];
                arrays: {
                    name: string;
                    level: string | null;
                    members: number;
                    active: number;
                    status: string;
                    degraded: boolean;
                }[];
                mdstat_error: string | null;
            } | null;
        };
        /** BackupDestinationTest */
        BackupDestinationTest: {
            ok: boolean;
            error: string | null;
            latency_ms: number;
        };
        /** ProbeResult */
        ProbeResult: {
            /** @enum {string} */
            source: "stream" | "onvif";
            device: {
                manufacturer: string;
                model: string;
                firmware: string;
                serial: string;
            } | null;
            profiles: {
                token: string;
                name: string;
                /** @description Without credentials. */
                stream_url: string;
                snapshot_url: string | null;
                video: {
                    codec: string;
                    width: number;
                    height: number;
                    fps: number;
                } | null;
                audio: {
                    codec: string;
                } | null;
            }[];
            suggested: {
                stream_url: string;
                sub_stream_url: string | null;
                onvif_url: string | null;
            };
            ptz: boolean;
            warnings: string[];
        };
        /** CameraBackfill */
        CameraBackfill: {
            camera_id: string;
            enabled: boolean;
            /** @description null: the camera’s ONVIF Profile G replay when it has an `onvif_url` and its device offers replay, else the Hikvision default `rtsp://{host}/Streaming/tracks/101?starttime={start}&endtime={end}`. */
            replay_url_template: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type Error = components['schemas']['Error'];
export type Camera = components['schemas']['Camera'];
export type CameraStatus = components['schemas']['CameraStatus'];
export type Segment = components['schemas']['Segment'];
export type EventKind = components['schemas']['EventKind'];
export type Event = components['schemas']['Event'];
export type User = components['schemas']['User'];
export type ApiKey = components['schemas']['ApiKey'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type Incident = components['schemas']['Incident'];
export type Clip = components['schemas']['Clip'];
export type Worker = components['schemas']['Worker'];
export type Detection = components['schemas']['Detection'];
export type Zone = components['schemas']['Zone'];
export type Track = components['schemas']['Track'];
export type Webhook = components['schemas']['Webhook'];
export type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type Module = components['schemas']['Module'];
export type Setting = components['schemas']['Setting'];
export type BackupDestination = components['schemas']['BackupDestination'];
export type BackupPolicy = components['schemas']['BackupPolicy'];
export type BackupJob = components['schemas']['BackupJob'];
export type PtzPreset = components['schemas']['PtzPreset'];
export type BackfillGap = components['schemas']['BackfillGap'];
export type Archive = components['schemas']['Archive'];
export type Node = components['schemas']['Node'];
export type CameraStatusList = components['schemas']['CameraStatusList'];
export type StorageReport = components['schemas']['StorageReport'];
export type Timeline = components['schemas']['Timeline'];
export type TimelineDays = components['schemas']['TimelineDays'];
export type PlaybackSession = components['schemas']['PlaybackSession'];
export type SamplerStatus = components['schemas']['SamplerStatus'];
export type WorkerRegistration = components['schemas']['WorkerRegistration'];
export type WorkerRegistered = components['schemas']['WorkerRegistered'];
export type HeartbeatResponse = components['schemas']['HeartbeatResponse'];
export type DetectionsRequest = components['schemas']['DetectionsRequest'];
export type DetectionsAccepted = components['schemas']['DetectionsAccepted'];
export type ModuleRegistered = components['schemas']['ModuleRegistered'];
export type System = components['schemas']['System'];
export type BackupDestinationTest = components['schemas']['BackupDestinationTest'];
export type ProbeResult = components['schemas']['ProbeResult'];
export type CameraBackfill = components['schemas']['CameraBackfill'];
export type $defs = Record<string, never>;
type FlattenedDeepRequired<T> = {
    [K in keyof T]-?: FlattenedDeepRequired<T[K] extends unknown[] | undefined | null ? Extract<T[K], unknown[]>[number] : T[K]>;
};
type ReadonlyArray<T> = [
    Exclude<T, undefined>
] extends [
    unknown[]
] ? Readonly<Exclude<T, undefined>> : Readonly<Exclude<T, undefined>[]>;
export const pathsApiHealthGetResponses200ContentApplicationJsonStatusAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<paths>["/api/health"]["get"]["responses"]["200"]["content"]["application/json"]["status"]> = ["ok"];
export const pathsApiHealthGetResponses200ContentApplicationJsonStatusAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<paths>["/api/health"]["get"]["responses"]["200"]["content"]["application/json"]["status"]> = ["degraded"];
export const pathsApiHealthGetResponses200ContentApplicationJsonDbAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<paths>["/api/health"]["get"]["responses"]["200"]["content"]["application/json"]["db"]> = ["ok"];
export const pathsApiHealthGetResponses200ContentApplicationJsonDbAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<paths>["/api/health"]["get"]["responses"]["200"]["content"]["application/json"]["db"]> = ["error"];
export const pathsApiHealthGetResponses503ContentApplicationJsonStatusAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<paths>["/api/health"]["get"]["responses"]["503"]["content"]["application/json"]["status"]> = ["ok"];
export const pathsApiHealthGetResponses503ContentApplicationJsonStatusAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<paths>["/api/health"]["get"]["responses"]["503"]["content"]["application/json"]["status"]> = ["degraded"];
export const pathsApiHealthGetResponses503ContentApplicationJsonDbAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<paths>["/api/health"]["get"]["responses"]["503"]["content"]["application/json"]["db"]> = ["ok"];
export const pathsApiHealthGetResponses503ContentApplicationJsonDbAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<paths>["/api/health"]["get"]["responses"]["503"]["content"]["application/json"]["db"]> = ["error"];
export const pathsApiCamerasPostRequestBodyContentApplicationJsonRecord_modeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/cameras"]["post"]["requestBody"]["content"]["application/json"]["record_mode"]> = ["continuous", "scheduled", "event", "scheduled_event"];
export const pathsApiCamerasIdPatchRequestBodyContentApplicationJsonRecord_modeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/cameras/{id}"]["patch"]["requestBody"]["content"]["application/json"]["record_mode"]> = ["continuous", "scheduled", "event", "scheduled_event"];
export const pathsApiAuthMeGetResponses200ContentApplicationJsonKindValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/auth/me"]["get"]["responses"]["200"]["content"]["application/json"]["kind"]> = ["user", "api_key"];
export const pathsApiAuthMeGetResponses200ContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/auth/me"]["get"]["responses"]["200"]["content"]["application/json"]["role"]> = ["viewer", "operator", "admin"];
export const pathsApiAuthMeGetResponses200ContentApplicationJsonScopesValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/auth/me"]["get"]["responses"]["200"]["content"]["application/json"]["scopes"]> = ["worker", "integration", "admin", "metrics"];
export const pathsApiUsersPostRequestBodyContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/users"]["post"]["requestBody"]["content"]["application/json"]["role"]> = ["viewer", "operator", "admin"];
export const pathsApiUsersIdPatchRequestBodyContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/users/{id}"]["patch"]["requestBody"]["content"]["application/json"]["role"]> = ["viewer", "operator", "admin"];
export const pathsApiKeysPostRequestBodyContentApplicationJsonScopesValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/keys"]["post"]["requestBody"]["content"]["application/json"]["scopes"]> = ["worker", "integration", "admin", "metrics"];
export const pathsApiKeysPostResponses201ContentApplicationJsonScopesValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/keys"]["post"]["responses"]["201"]["content"]["application/json"]["scopes"]> = ["worker", "integration", "admin", "metrics"];
export const pathsApiAuditGetParametersQueryOutcomeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/audit"]["get"]["parameters"]["query"]["outcome"]> = ["ok", "denied", "failed", "rejected", "error", "throttled"];
export const pathsApiIncidentsGetParametersQueryStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/incidents"]["get"]["parameters"]["query"]["status"]> = ["open", "released", "all"];
export const pathsApiClipsPublicKeyGetResponses200ContentApplicationJsonAlgorithmValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/clips/public-key"]["get"]["responses"]["200"]["content"]["application/json"]["algorithm"]> = ["Ed25519"];
export const pathsApiWorkersGetParametersQueryStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/workers"]["get"]["parameters"]["query"]["state"]> = ["online", "offline"];
export const pathsApiCamerasIdZonesPostRequestBodyContentApplicationJsonKindValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/cameras/{id}/zones"]["post"]["requestBody"]["content"]["application/json"]["kind"]> = ["polygon", "line"];
export const pathsApiCamerasIdZonesZidPatchRequestBodyContentApplicationJsonKindValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/cameras/{id}/zones/{zid}"]["patch"]["requestBody"]["content"]["application/json"]["kind"]> = ["polygon", "line"];
export const pathsApiWebhooksPostRequestBodyContentApplicationJsonMin_severityValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/webhooks"]["post"]["requestBody"]["content"]["application/json"]["min_severity"]> = ["info", "warning", "error"];
export const pathsApiWebhooksIdPatchRequestBodyContentApplicationJsonMin_severityValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/webhooks/{id}"]["patch"]["requestBody"]["content"]["application/json"]["min_severity"]> = ["info", "warning", "error"];
export const pathsHealthzGetResponses200ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/healthz"]["get"]["responses"]["200"]["content"]["application/json"]["status"]> = ["ok"];
export const pathsReadyzGetResponses200ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/readyz"]["get"]["responses"]["200"]["content"]["application/json"]["status"]> = ["ok"];
export const pathsReadyzGetResponses503ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/readyz"]["get"]["responses"]["503"]["content"]["application/json"]["status"]> = ["not_ready"];
export const pathsApiCamerasIdLiveGetParametersQueryStreamValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/cameras/{id}/live"]["get"]["parameters"]["query"]["stream"]> = ["main", "sub"];
export const pathsApiCamerasIdLiveIndexM3u8GetParametersQueryStreamValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/cameras/{id}/live/index.m3u8"]["get"]["parameters"]["query"]["stream"]> = ["main", "sub"];
export const pathsApiCamerasIdLiveHlsFileGetParametersQueryStreamValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/cameras/{id}/live/hls/{file}"]["get"]["parameters"]["query"]["stream"]> = ["main", "sub"];
export const pathsApiDiscoveryScanPostResponses202ContentApplicationJsonStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/discovery/scan"]["post"]["responses"]["202"]["content"]["application/json"]["state"]> = ["running", "done", "failed", "cancelled"];
export const pathsApiDiscoveryScanPostResponses202ContentApplicationJsonHostsVendorValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/discovery/scan"]["post"]["responses"]["202"]["content"]["application/json"]["hosts"]["vendor"]> = ["hikvision", "dahua", "axis", "reolink", "amcrest", "generic"];
export const pathsApiDiscoveryScansIdGetResponses200ContentApplicationJsonStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/discovery/scans/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["state"]> = ["running", "done", "failed", "cancelled"];
export const pathsApiDiscoveryScansIdGetResponses200ContentApplicationJsonHostsVendorValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/discovery/scans/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["hosts"]["vendor"]> = ["hikvision", "dahua", "axis", "reolink", "amcrest", "generic"];
export const pathsApiDiscoveryVendorsGetResponses200ContentApplicationJsonVendorsIdValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/discovery/vendors"]["get"]["responses"]["200"]["content"]["application/json"]["vendors"]["id"]> = ["hikvision", "dahua", "axis", "reolink", "amcrest", "generic"];
export const pathsApiBackupDestinationsPostRequestBodyContentApplicationJsonKindValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/backup/destinations"]["post"]["requestBody"]["content"]["application/json"]["kind"]> = ["local", "sftp", "s3"];
export const cameraRecord_modeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Camera"]["record_mode"]> = ["continuous", "scheduled", "event", "scheduled_event"];
export const cameraStatusStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["CameraStatus"]["state"]> = ["connecting", "recording", "idle", "error", "offline", "disabled"];
export const eventKindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["EventKind"]> = ["camera_added", "camera_updated", "camera_deleted", "camera_schedule_updated", "camera_offline", "camera_online", "camera_resolution_changed", "recorder_error", "recorder_unhealthy", "recorder_stalled", "recorder_audio_dropped", "recorder_orphans_killed", "recording_triggered", "recording_degraded", "recording_restored", "mirror_error", "mirror_recovered", "mirror_segments_restored", "segment_repaired", "segment_quarantined", "segment_missing", "recovery_indexed", "storage_pressure", "storage_pressure_cleared", "storage_floor_deleting", "incident_opened", "incident_released", "clip_exported", "clip_deleted", "sampler_online", "sampler_stalled", "sampler_offline", "worker_online", "worker_offline", "zone_enter", "zone_exit", "zone_dwell", "line_cross", "zone_trigger_failed", "disk_smart_warning", "raid_degraded", "webhook_paused", "discovery_scan_progress", "discovery_scan_done", "backup_job_progress", "backup_job_done", "onvif_motion", "onvif_line_crossed", "onvif_field_detected", "onvif_event", "onvif_events_lost", "backfill_finished", "archive_created", "camera_failed_over", "node_joined", "segment_fenced"];
export const userRoleValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["User"]["role"]> = ["viewer", "operator", "admin"];
export const apiKeyScopesValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ApiKey"]["scopes"]> = ["worker", "integration", "admin", "metrics"];
export const auditEntryActor_kindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["AuditEntry"]["actor_kind"]> = ["user", "api_key", "anonymous", "cli", "system"];
export const incidentStatusValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Incident"]["status"]> = ["open", "released"];
export const clipMethodValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Clip"]["method"]> = ["fragments", "ffmpeg_concat"];
export const workerStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Worker"]["state"]> = ["online", "offline"];
export const workerTransportValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Worker"]["transport"]> = ["push", "pull"];
export const zoneKindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Zone"]["kind"]> = ["polygon", "line"];
export const webhookStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Webhook"]["state"]> = ["active", "paused", "disabled"];
export const moduleSidecarAnyOf0HealthValues: ReadonlyArray<Extract<FlattenedDeepRequired<components>["schemas"]["Module"]["sidecar"], {
    health: unknown;
}>["health"]> = ["unknown", "up", "down"];
export const settingNameValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Setting"]["name"]> = ["retention_max_bytes", "min_free", "metrics_public", "ready_min_recording_percent", "camera_segment_seconds", "camera_record_mode", "camera_pre_roll_seconds", "camera_post_roll_seconds", "camera_retention_days", "camera_detect_fps"];
export const settingSourceValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Setting"]["source"]> = ["stored", "environment"];
export const backupDestinationKindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["BackupDestination"]["kind"]> = ["local", "sftp", "s3"];
export const backupJobStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["BackupJob"]["state"]> = ["pending", "running", "completed", "failed", "cancelled"];
export const backfillGapStateAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["BackfillGap"]["state"]> = ["pending"];
export const backfillGapStateAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["BackfillGap"]["state"]> = ["filling"];
export const backfillGapStateAnyOf2Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["BackfillGap"]["state"]> = ["filled"];
export const backfillGapStateAnyOf3Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["BackfillGap"]["state"]> = ["failed"];
export const backfillGapStateAnyOf4Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["BackfillGap"]["state"]> = ["unavailable"];
export const archiveStateAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Archive"]["state"]> = ["pending"];
export const archiveStateAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Archive"]["state"]> = ["running"];
export const archiveStateAnyOf2Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Archive"]["state"]> = ["completed"];
export const archiveStateAnyOf3Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Archive"]["state"]> = ["failed"];
export const nodeStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Node"]["state"]> = ["active", "draining", "stopped"];
export const storageReportVolumesNameValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["StorageReport"]["volumes"]["name"]> = ["recordings", "mirror"];
export const timelinePeriodsKindAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["kind"]> = ["recorded"];
export const timelinePeriodsKindAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["kind"]> = ["outage"];
export const timelinePeriodsKindAnyOf2Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["kind"]> = ["not_recording"];
export const timelinePeriodsReasonAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["footage"];
export const timelinePeriodsReasonAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["camera_offline"];
export const timelinePeriodsReasonAnyOf2Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["no_footage"];
export const timelinePeriodsReasonAnyOf3Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["before_camera_existed"];
export const timelinePeriodsReasonAnyOf4Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["camera_disabled"];
export const timelinePeriodsReasonAnyOf5Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["recording_disabled"];
export const timelinePeriodsReasonAnyOf6Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["outside_schedule"];
export const timelinePeriodsReasonAnyOf7Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["waiting_for_trigger"];
export const timelinePeriodsReasonAnyOf8Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["periods"]["reason"]> = ["being_written"];
export const timelineBackfillStateAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["backfill"]["state"]> = ["pending"];
export const timelineBackfillStateAnyOf1Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["backfill"]["state"]> = ["filling"];
export const timelineBackfillStateAnyOf2Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["backfill"]["state"]> = ["filled"];
export const timelineBackfillStateAnyOf3Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["backfill"]["state"]> = ["failed"];
export const timelineBackfillStateAnyOf4Values: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Timeline"]["backfill"]["state"]> = ["unavailable"];
export const samplerStatusStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["SamplerStatus"]["state"]> = ["starting", "sampling", "offline", "error", "stopped", "off"];
export const samplerStatusSourceValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["SamplerStatus"]["source"]> = ["sub_stream", "main_stream"];
export const workerRegistrationContract_versionValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["WorkerRegistration"]["contract_version"]> = [1];
export const workerRegisteredContract_versionValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["WorkerRegistered"]["contract_version"]> = [1];
export const heartbeatResponseStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["HeartbeatResponse"]["state"]> = ["online"];
export const moduleRegisteredSidecarAnyOf0HealthValues: ReadonlyArray<Extract<FlattenedDeepRequired<components>["schemas"]["ModuleRegistered"]["sidecar"], {
    health: unknown;
}>["health"]> = ["unknown", "up", "down"];
export const systemVolumesNameValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["System"]["volumes"]["name"]> = ["recordings", "mirror"];
export const probeResultSourceValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ProbeResult"]["source"]> = ["stream", "onvif"];
export type operations = Record<string, never>;
