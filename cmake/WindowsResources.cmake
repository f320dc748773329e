# Windows resources (issue 18): each program gets the product's icon and version information
# (Explorer's Properties › Details, Task Manager's name). Sets HOTELHUB_WIN_RESOURCES_<program>
# to the generated .rc file, which the program's qt_add_executable lists.
function(hotelhub_windows_resources program description)
  if(NOT WIN32)
    return()
  endif()
  set(HOTELHUB_RC_PROGRAM "${program}")
  set(HOTELHUB_RC_DESCRIPTION "${description}")
  set(HOTELHUB_RC_ICON "${PROJECT_SOURCE_DIR}/packaging/windows/hotelhub.ico")
  configure_file(${PROJECT_SOURCE_DIR}/packaging/windows/program.rc.in ${PROJECT_BINARY_DIR}/rc/${program}.rc @ONLY)
  set(HOTELHUB_WIN_RESOURCES_${program} ${PROJECT_BINARY_DIR}/rc/${program}.rc PARENT_SCOPE)
endfunction()
